package dev.tunebatch.tuner;

import dev.tunebatch.store.ProgramCheckpoint;

import java.util.Map;

/**
 * Something a running trial produced that the search must take in: an epoch's end, one execution's end (a trial run
 * several times), or the end of the run. {@link TrialLife#handle} takes each in; an executor decides when and in which
 * transaction (the library at once, the engine in its trial step's next unit).
 */
public sealed interface TrialEvent permits TrialEvent.Epoch, TrialEvent.ExecutionEnd, TrialEvent.Done {

    /**
     * An epoch ended: the program's state then (stored under {@code key}; null when the program cannot checkpoint
     * itself) and, when the runner reported the epoch's metrics, its report (what pruning and budgets look at).
     */
    record Epoch(int epoch, ProgramCheckpoint checkpoint, String key, EpochReport report) implements TrialEvent {
    }

    /** Execution {@code execution} (0-based) of a trial run several times ended with these reduced metrics. */
    record ExecutionEnd(int execution, Map<String, Double> metrics) implements TrialEvent {
    }

    /** The run ended, well or not: {@link TrialLife#finish()} tells how. */
    record Done() implements TrialEvent {
    }
}
