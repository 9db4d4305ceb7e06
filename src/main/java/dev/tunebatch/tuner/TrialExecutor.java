package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;

/**
 * How a {@link TrialDriver} gets one trial executed: inline in the library's {@code search}, as a restartable Spring
 * Batch step in the engine, or by another process. Every implementation drives the trial through a {@link TrialLife},
 * so a trial's events and its end mean the same whoever executes it.
 */
@FunctionalInterface
public interface TrialExecutor {

    /**
     * Executes {@code trial} — handed out by the oracle, RUNNING and persisted — until it is reported or stops at an
     * epoch boundary.
     *
     * @throws FatalTrialException when the trial cannot be scored at all (the search aborts, the trial stays RUNNING)
     * @throws Exception           when the executor itself failed (the search aborts)
     */
    TrialEnd execute(Trial trial) throws Exception;
}
