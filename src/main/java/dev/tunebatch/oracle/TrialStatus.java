package dev.tunebatch.oracle;

/** The life cycle of a trial, as in keras-tuner. */
public enum TrialStatus {
    /** Handed out; may be running now. */
    RUNNING,
    /** The oracle has nothing to hand out yet (it waits on running trials); ask again. Never stored. */
    IDLE,
    /** Crashed or infeasible (NaN score); retried while retries remain. */
    INVALID,
    /**
     * Handed out by the oracle: the search is over, no trial to run (never stored). As a stored trial's status: it was
     * stopped early (pruned, or over its per-trial budget) with a score and the reason as its message, and is never
     * retried.
     */
    STOPPED,
    /** Finished with a score. */
    COMPLETED,
    /** Failed with no retries left. */
    FAILED
}
