package dev.tunebatch.batch;

/**
 * Told about every trial step the engine ends. Callbacks run on the engine's threads: keep them short. An exception
 * thrown by an observer is logged and never changes a trial's or a search's outcome.
 */
@FunctionalInterface
public interface TrialObserver {

    /** A trial's step ended (it may have run the trial, skipped it as already reported, or ended it early). */
    void trialEnded(TrialEnded event);
}
