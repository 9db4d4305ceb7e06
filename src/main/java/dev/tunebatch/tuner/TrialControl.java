package dev.tunebatch.tuner;

import dev.tunebatch.store.ProgramCheckpoint;

import java.util.Map;

/**
 * How a running trial reports its epochs and learns that it must stop. The in-process tuner stores each checkpoint at
 * once; the Spring Batch engine hands them to the trial's step so that they commit with the step's progress.
 */
public interface TrialControl {

    /**
     * Epoch {@code epoch} of trial {@code trialId} has ended; {@code checkpoint} is the program's state then, or
     * {@code null} when the program cannot checkpoint itself. {@code trialId} is the key the checkpoint is stored
     * under: the trial's id, or for a later execution of a trial run several times its
     * {@link TrialRunner#checkpointKey}.
     */
    void onEpoch(String trialId, int epoch, ProgramCheckpoint checkpoint);

    /**
     * Epoch {@code report.epoch()} has ended, with its metrics: what pruning and budgets look at. By default only the
     * checkpoint is handed on.
     */
    default void onEpoch(EpochReport report) {
        onEpoch(report.checkpointKey(), report.epoch(), report.checkpoint());
    }

    /** Execution {@code execution} (0-based) of a trial run several times has ended with these reduced metrics. */
    default void onExecutionEnd(String trialId, int execution, Map<String, Double> metrics) {
    }

    /** Whether the trial should stop at the next epoch boundary (a graceful shutdown, a budget, pruning). */
    default boolean stopRequested() {
        return false;
    }
}
