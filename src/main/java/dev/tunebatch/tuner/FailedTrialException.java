package dev.tunebatch.tuner;

/** Thrown by a hypermodel or program to mark its trial FAILED at once, with no retry. */
public class FailedTrialException extends RuntimeException {
    public FailedTrialException(String message) {
        super(message);
    }

    public FailedTrialException(String message, Throwable cause) {
        super(message, cause);
    }
}
