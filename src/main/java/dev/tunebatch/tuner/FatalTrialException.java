package dev.tunebatch.tuner;

/**
 * An error that no retry can fix (a hypermodel that returns nothing, metrics without the objective): it aborts the
 * search. The trial stays RUNNING in the store, so that it runs again once the cause is fixed.
 */
public class FatalTrialException extends RuntimeException {
    public FatalTrialException(String message) {
        super(message);
    }

    public FatalTrialException(String message, Throwable cause) {
        super(message, cause);
    }
}
