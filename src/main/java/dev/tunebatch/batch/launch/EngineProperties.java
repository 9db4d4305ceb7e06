package dev.tunebatch.batch.launch;

import dev.tunebatch.batch.EngineSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code tunebatch.engine.*}: how the engine keeps a trial's step alive, how long it waits for PostgreSQL, and where
 * trials run (in process, or on workers).
 * Validated at start-up: a bad value stops the application with one line naming the property (exit 78).
 */
@Validated
@ConfigurationProperties(prefix = "tunebatch.engine")
public class EngineProperties implements Validator {

    /**
     * How often a running trial's step commits a heartbeat when no epoch ended meanwhile; an epoch's end always
     * commits at once. {@code status} calls a running trial stale when its heartbeat is older than three intervals.
     */
    private Duration heartbeatInterval = Duration.ofSeconds(10);

    /**
     * How long a run rides out a PostgreSQL outage (restart, failover, server stopped) before it exits 69; within it,
     * the run waits for the database and goes on where it was.
     */
    private Duration databaseOutageTolerance = Duration.ofMinutes(2);

    /**
     * Where trials run: {@code in-process} (in the JVM that runs the search) or {@code remote} (this JVM is the
     * manager: it owns the oracle and hands each trial's step to the workers started with the {@code worker}
     * command, through PostgreSQL).
     */
    private Execution execution = Execution.IN_PROCESS;

    /**
     * With remote execution: how long a trial's step may go without an epoch or a heartbeat on its worker before the
     * manager ends it FAILED (WORKER_LOST) and dispatches the trial again; at least three heartbeat intervals.
     */
    private Duration workerTimeout = Duration.ofSeconds(60);

    /** Where trials run. */
    public enum Execution {
        /** In the JVM that runs the search. */
        IN_PROCESS,
        /** On workers: this JVM manages the search. */
        REMOTE
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getDatabaseOutageTolerance() {
        return databaseOutageTolerance;
    }

    public void setDatabaseOutageTolerance(Duration databaseOutageTolerance) {
        this.databaseOutageTolerance = databaseOutageTolerance;
    }

    public Execution getExecution() {
        return execution;
    }

    public void setExecution(Execution execution) {
        this.execution = execution;
    }

    public Duration getWorkerTimeout() {
        return workerTimeout;
    }

    public void setWorkerTimeout(Duration workerTimeout) {
        this.workerTimeout = workerTimeout;
    }

    /** The settings as the engine uses them. */
    public EngineSettings settings() {
        return new EngineSettings(heartbeatInterval, databaseOutageTolerance);
    }

    @Override
    public boolean supports(Class<?> type) {
        return EngineProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        EngineProperties p = (EngineProperties) target;
        if (p.heartbeatInterval == null || p.heartbeatInterval.compareTo(EngineSettings.MIN_HEARTBEAT) < 0
                || p.heartbeatInterval.compareTo(EngineSettings.MAX_HEARTBEAT) > 0) {
            errors.rejectValue("heartbeatInterval", "range", "must be between 100ms and 10m, e.g. 10s");
        }
        if (p.databaseOutageTolerance == null || p.databaseOutageTolerance.isNegative()) {
            errors.rejectValue("databaseOutageTolerance", "min", "must be 0s or more, e.g. 2m (0s exits 69 at the "
                    + "first lost connection)");
        }
        if (p.execution == null) {
            errors.rejectValue("execution", "required", "must be in-process or remote");
        }
        if (p.workerTimeout == null || p.heartbeatInterval != null
                && p.workerTimeout.compareTo(p.heartbeatInterval.multipliedBy(3)) < 0) {
            errors.rejectValue("workerTimeout", "min", "must be at least three heartbeat intervals ("
                    + (p.heartbeatInterval == null ? "30s" : p.heartbeatInterval.multipliedBy(3).toMillis() + "ms")
                    + "), e.g. 60s");
        }
    }
}
