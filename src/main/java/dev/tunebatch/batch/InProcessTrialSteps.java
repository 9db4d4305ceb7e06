package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.Map;

/**
 * Runs trial steps in this process, each on the thread of the worker that asked the oracle for its trial; the steps
 * running now are listed in {@code running}, where the job looks them up by name.
 */
final class InProcessTrialSteps implements TrialStepRunner {

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final Duration heartbeat;
    private final Map<String, TrialStep> running;

    InProcessTrialSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager, Duration heartbeat,
                        Map<String, TrialStep> running) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.heartbeat = heartbeat;
        this.running = running;
    }

    @Override
    public Ran run(Trial trial, TrialJob job) throws JobInterruptedException, JobRestartException {
        TrialTasklet tasklet = new TrialTasklet(job.run(), trial, heartbeat);
        // A step of its own for every launch: a retried trial may be handed out before the last launch cleaned up.
        TrialStep step = new TrialStep(TrialStep.nameOf(trial.id()), tasklet, jobRepository, transactionManager,
                job.outage());
        running.put(step.getName(), step);
        try {
            StepExecution execution = step.launch(job.execution(), job.run().firstLaunch(trial.id()));
            return new Ran(execution, tasklet.end());
        } finally {
            running.remove(step.getName(), step);
        }
    }
}
