package dev.tunebatch.oracle;

/** The life cycle of a trial, as in keras-tuner. */
public enum TrialStatus {
    /** Handed out; may be running now. */
    RUNNING,
    /** The oracle has nothing to hand out yet (it waits on running trials); ask again. Never stored. */
    IDLE,
    /** Crashed or infeasible (NaN score); retried while retries remain. */
    INVALID,
    /** The search is over; no trial to run. Never stored. */
    STOPPED,
    /** Finished with a score. */
    COMPLETED,
    /** Failed with no retries left. */
    FAILED
}
