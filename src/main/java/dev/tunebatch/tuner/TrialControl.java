package dev.tunebatch.tuner;

import dev.tunebatch.store.ProgramCheckpoint;

/**
 * How a running trial reports its epochs and learns that it must stop. The in-process tuner stores each checkpoint at
 * once; the Spring Batch engine hands them to the trial's step so that they commit with the step's progress.
 */
public interface TrialControl {

    /**
     * Epoch {@code epoch} of trial {@code trialId} has ended; {@code checkpoint} is the program's state then, or
     * {@code null} when the program cannot checkpoint itself.
     */
    void onEpoch(String trialId, int epoch, ProgramCheckpoint checkpoint);

    /** Whether the trial should stop at the next epoch boundary (a graceful shutdown). */
    default boolean stopRequested() {
        return false;
    }
}
