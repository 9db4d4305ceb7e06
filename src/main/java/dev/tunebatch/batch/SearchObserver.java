package dev.tunebatch.batch;

import org.springframework.batch.core.step.StepExecution;

/**
 * Told about the life of every search the {@link SearchLauncher} runs: metrics and the HTML report hang off it, so the
 * engine knows nothing about either. Declare implementations as Spring beans; {@link BatchEngineConfiguration} hands
 * them all to the launcher. Callbacks run on the engine's threads: keep them short. An exception thrown by an observer
 * is logged and never changes a search's outcome.
 */
public interface SearchObserver {

    /** A job execution of {@code search} is about to start (a new run, a restart or a recovery). */
    default void searchStarted(String search) {
    }

    /** The step of trial {@code trialId} ended (it may have run the trial, skipped it as already reported, or stopped). */
    default void trialStepEnded(String search, String trialId, StepExecution step) {
    }

    /** A job execution of {@code search} ended; {@code outcome} is what the launcher returns. */
    default void searchEnded(String search, LaunchOutcome outcome) {
    }
}
