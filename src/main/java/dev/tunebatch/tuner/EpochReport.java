package dev.tunebatch.tuner;

import dev.tunebatch.store.ProgramCheckpoint;

import java.util.List;
import java.util.Map;

/**
 * One finished epoch of a trial, as the runner reports it to its {@link TrialControl}: the epoch's metrics (the
 * intermediate result a pruner looks at, what budgets count), the history so far and, for a program that can
 * checkpoint itself, its state and the key to store it under.
 *
 * @param trialId       the trial
 * @param execution     the execution (0-based) when the trial is run several times ({@code executionsPerTrial})
 * @param epoch         the epoch that ended (0-based)
 * @param epochs        how many epochs this fit runs (the last one is {@code epochs - 1})
 * @param logs          the epoch's metrics
 * @param history       every metric per epoch so far, this execution
 * @param checkpoint    the program's state after the epoch, or {@code null}
 * @param checkpointKey where the checkpoint is stored: the trial's id, or {@link TrialRunner#checkpointKey}
 */
public record EpochReport(String trialId, int execution, int epoch, int epochs, Map<String, Double> logs,
                          Map<String, List<Double>> history, ProgramCheckpoint checkpoint, String checkpointKey) {
}
