package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

import java.time.Instant;

/**
 * A trial's step ended: the domain event the engine hands its {@link TrialObserver}s, with the trial as the oracle
 * holds it now (status, score, times), so that no observer has to read it again.
 *
 * @param search        the search's name
 * @param trial         the trial after its step: COMPLETED, INVALID, FAILED, STOPPED, or RUNNING when its run
 *                      stopped early or it was found already reported
 * @param stepStartedAt when this step started, or null when it never started (a step found ABANDONED)
 */
public record TrialEnded(String search, Trial trial, Instant stepStartedAt) {

    /** The trial's status after the step. */
    public TrialStatus status() {
        return trial.status();
    }

    /** The trial's score, or null when it has none. */
    public Double score() {
        return trial.score();
    }

    /**
     * Whether the trial's run ended during this step (not found already reported by it): then its run's duration is
     * {@code trial.startedAt()} to {@code trial.endedAt()}.
     */
    public boolean endedInThisStep() {
        return trial.endedAt() != null && stepStartedAt != null && !trial.endedAt().isBefore(stepStartedAt);
    }
}
