package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.tuner.TrialEnd;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.step.StepExecution;

/**
 * Where a trial's step {@code trial-<id>} runs: in this process ({@link #inProcess}), or on a worker that took it from
 * the job repository (remote execution). Either way the step is the same {@code TrialStep}, so checkpoints, heartbeats
 * and the exactly-once report mean the same wherever it runs.
 */
public interface TrialStepRunner {

    /**
     * Runs the step of {@code trial} within {@code job} to its end.
     *
     * @return the step's last execution — COMPLETED once the trial was reported (or found reported), FAILED, UNKNOWN
     *         or ABANDONED when it could not be — and, when the trial ran in this process, how it ended
     * @throws JobInterruptedException when the job is stopping, or the step ended STOPPED
     * @throws JobRestartException     when the step's last execution ended UNKNOWN
     */
    Ran run(Trial trial, TrialJob job) throws JobInterruptedException, JobRestartException;

    /**
     * A step that ran.
     *
     * @param step the step's last execution
     * @param end  how the trial ended, when it ran in this process; null when it ran elsewhere (the oracle's stored
     *             state then tells)
     */
    record Ran(StepExecution step, TrialEnd end) {
    }

    /**
     * What a runner needs of the job execution a trial belongs to.
     *
     * @param search    the search's name
     * @param run       what the job execution's trials share in this process
     * @param execution the job execution
     * @param outage    how database calls ride out outages
     */
    record TrialJob(String search, SearchRun run, JobExecution execution, DatabaseOutage outage) {
    }
}
