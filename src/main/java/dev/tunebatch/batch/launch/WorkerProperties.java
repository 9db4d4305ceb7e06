package dev.tunebatch.batch.launch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tunebatch.worker.*}: how a worker started with the {@code worker} command takes trials. Validated at
 * start-up: a bad value stops the application with one line naming the property (exit 78).
 */
@Validated
@ConfigurationProperties(prefix = "tunebatch.worker")
public class WorkerProperties implements Validator {

    /** The largest capacity a worker accepts. */
    static final int MAX_CAPACITY = 1000;

    /** How many trials this worker runs at a time. */
    private int capacity = 1;

    public int getCapacity() {
        return capacity;
    }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean supports(Class<?> type) {
        return WorkerProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        WorkerProperties p = (WorkerProperties) target;
        if (p.capacity < 1 || p.capacity > MAX_CAPACITY) {
            errors.rejectValue("capacity", "range", "must be from 1 to " + MAX_CAPACITY + ", e.g. 1 (one trial at a "
                    + "time)");
        }
    }
}
