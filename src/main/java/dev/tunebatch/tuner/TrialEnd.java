package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;

/**
 * How the execution of one trial ended, classified once for every executor: the trial was reported to the oracle, or
 * it stopped at an epoch boundary and stays RUNNING. (A trial that cannot be scored at all ends its executor with a
 * {@link FatalTrialException} instead.)
 */
public sealed interface TrialEnd permits TrialEnd.Reported, TrialEnd.Suspended {

    /**
     * The oracle has the trial's end: COMPLETED (INVALID for a NaN score), INVALID or FAILED after an error (then
     * {@code failure} is that error), or STOPPED by a pruner or its own budget during the run.
     */
    record Reported(Trial trial, Throwable failure) implements TrialEnd {
    }

    /**
     * The trial stopped at an epoch boundary because the run was asked to stop (a stop request, a budget of the
     * search, a lost claim, an interrupt): it is not reported, stays RUNNING and resumes from its last checkpoint.
     */
    record Suspended(String reason) implements TrialEnd {
    }
}
