package dev.tunebatch.tuner;

/**
 * A trial stopped at an epoch boundary because a stop was requested; it is not reported, stays RUNNING and resumes
 * from its last checkpoint.
 */
public class TrialStoppedException extends RuntimeException {
    public TrialStoppedException(String message) {
        super(message);
    }
}
