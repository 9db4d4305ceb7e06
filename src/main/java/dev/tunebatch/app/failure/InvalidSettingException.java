package dev.tunebatch.app.failure;

import dev.tunebatch.batch.launch.ExitCodes;

/**
 * A setting (a {@code tunebatch.*} or {@code spring.*} property, or what it points at) is unusable. The message is one
 * line naming the property, its value and the fix; the process exits with {@link ExitCodes#CONFIG}.
 */
public class InvalidSettingException extends RuntimeException {

    private final String property;
    private final String value;

    /**
     * @param property the full property name, e.g. {@code tunebatch.demo.dataset}
     * @param value    the offending value as given, or {@code null} when unset
     * @param problem  what is wrong and how to fix it, as one or two sentences
     */
    public InvalidSettingException(String property, String value, String problem) {
        this(property, value, problem, null);
    }

    public InvalidSettingException(String property, String value, String problem, Throwable cause) {
        super(property + (value == null ? " (unset)" : "=" + value) + ": " + problem, cause);
        this.property = property;
        this.value = value;
    }

    /** The property at fault. */
    public String property() {
        return property;
    }

    /** The value at fault, or {@code null} when the property is unset. */
    public String value() {
        return value;
    }
}
