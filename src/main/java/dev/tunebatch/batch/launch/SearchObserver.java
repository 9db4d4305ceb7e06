package dev.tunebatch.batch.launch;

import dev.tunebatch.batch.TrialEnded;
import dev.tunebatch.batch.TrialObserver;

/**
 * Told about the life of every search the {@link SearchLauncher} runs: metrics and the HTML report hang off it, so the
 * engine knows nothing about either. Declare implementations as Spring beans; {@link BatchEngineConfiguration} hands
 * them all to the launcher. Callbacks run on the engine's threads: keep them short. An exception thrown by an observer
 * is logged and never changes a search's outcome.
 */
public interface SearchObserver extends TrialObserver {

    /** A job execution of {@code search} is about to start (a new run, a restart or a recovery). */
    default void searchStarted(String search) {
    }

    /** A trial's step ended (it may have run the trial, skipped it as already reported, or ended it early). */
    @Override
    default void trialEnded(TrialEnded event) {
    }

    /** A job execution of {@code search} ended; {@code outcome} is what the launcher returns. */
    default void searchEnded(String search, LaunchOutcome outcome) {
    }
}
