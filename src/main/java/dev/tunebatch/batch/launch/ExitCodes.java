package dev.tunebatch.batch.launch;

import org.springframework.batch.core.BatchStatus;

/**
 * Process exit codes, stable for Kubernetes {@code podFailurePolicy}: a finished job exits with its
 * {@link BatchStatus} ordinal (Spring Boot's convention); our own refusals use sysexits codes.
 */
public final class ExitCodes {

    /** The search is finished (now, or already before). */
    public static final int COMPLETED = 0;
    /**
     * A budget of the search (a metric sum or the wall clock of the run) was reached: running trials stopped at an
     * epoch boundary and nothing is lost. Deliberately 0: for a nightly CronJob a spent budget is the planned end of
     * the night, not a failure to retry (a retry would stop at once). The job itself is STOPPED with exit code
     * {@code BUDGET_REACHED}, so raising the budget and running the same run key again continues; the console line
     * and {@code status} say which budget was reached.
     */
    public static final int BUDGET_REACHED = 0;
    /** An unexpected internal error. */
    public static final int INTERNAL_ERROR = 1;
    /** Stopped gracefully (SIGTERM or a stop request); run the same command again to resume. */
    public static final int STOPPED = BatchStatus.STOPPED.ordinal();
    /** The job failed (consecutive trial failures, a fatal trial error, the database went away); rerun resumes. */
    public static final int FAILED = BatchStatus.FAILED.ordinal();
    /** The job instance was abandoned by an operator; it cannot be restarted. */
    public static final int ABANDONED = BatchStatus.ABANDONED.ordinal();
    /** Spring Batch could not tell the state; manual intervention needed. */
    public static final int UNKNOWN = BatchStatus.UNKNOWN.ordinal();
    /** Bad command line: unknown command or search name, malformed option. */
    public static final int USAGE = 64;
    /** The database is unreachable. */
    public static final int UNAVAILABLE = 69;
    /**
     * Another live process runs this search: refused before changing anything, or taken over mid-run after this run
     * lost its database session (this run's trials stopped at an epoch boundary). Retry later.
     */
    public static final int BUSY = 75;
    /** Invalid configuration (a property or search definition). */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }

    /** The exit code of a job that ended with {@code status}. */
    public static int of(BatchStatus status) {
        return status == BatchStatus.COMPLETED ? COMPLETED : status.ordinal();
    }
}
