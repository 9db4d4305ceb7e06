package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.tuner.TrialEnd;
import dev.tunebatch.tuner.TrialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The engine's way to execute a trial: as its own restartable step {@code trial-<id>} of the running job execution,
 * in this process. The step's tasklet drives the trial's life unit by unit; when the step ends, the
 * {@link TrialObserver}s hear of it and the trial's end goes back to the driver.
 */
final class TrialSteps implements TrialExecutor {

    private static final Logger log = LoggerFactory.getLogger(TrialSteps.class);

    private final String search;
    private final SearchRun run;
    private final JobExecution execution;
    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final DatabaseOutage outage;
    private final Duration heartbeat;
    private final Map<String, TrialStep> running;
    private final List<TrialObserver> observers;

    TrialSteps(String search, SearchRun run, JobExecution execution, JobRepository jobRepository,
               PlatformTransactionManager transactionManager, DatabaseOutage outage, Duration heartbeat,
               Map<String, TrialStep> running, List<TrialObserver> observers) {
        this.search = search;
        this.run = run;
        this.execution = execution;
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.outage = outage;
        this.heartbeat = heartbeat;
        this.running = running;
        this.observers = observers;
    }

    @Override
    public TrialEnd execute(Trial trial) throws Exception {
        TrialTasklet tasklet = new TrialTasklet(run, trial, heartbeat);
        // A step of its own for every launch: a retried trial may be handed out before the last launch cleaned up.
        TrialStep step = new TrialStep(SearchJob.stepName(trial.id()), tasklet, jobRepository, transactionManager,
                outage);
        running.put(step.getName(), step);
        StepExecution stepExecution;
        try (SearchLogContext.Scope ignored = SearchLogContext.trial(trial.id())) {
            try {
                stepExecution = step.launch(execution, run.firstLaunch(trial.id()));
            } catch (JobInterruptedException e) {
                if (run.session().budgetReached() && !run.stopRequested()) {
                    log.info("Trial {} stopped at an epoch boundary: the search's budget is reached.", trial.id());
                    return new TrialEnd.Suspended("the search's budget is reached");
                }
                throw e;
            }
            log.info("Trial {} step ended {} ({}).", trial.id(), stepExecution.getExitStatus().getExitCode(),
                    ExitDescriptions.firstLine(stepExecution.getExitStatus().getExitDescription()));
            TrialEnd end = tasklet.end();
            notifyObservers(end instanceof TrialEnd.Reported reported ? reported.trial() : tasklet.currentTrial(),
                    stepExecution);
            BatchStatus status = stepExecution.getStatus();
            if (status == BatchStatus.FAILED || status == BatchStatus.UNKNOWN || status == BatchStatus.ABANDONED) {
                Throwable cause = stepExecution.getFailureExceptions().isEmpty() ? null
                        : stepExecution.getFailureExceptions().get(0);
                throw new TrialStepFailedException("Trial " + trial.id() + " failed its step: "
                        + (cause == null ? stepExecution.getExitStatus() : cause.getMessage()), cause);
            }
            return end != null ? end : new TrialEnd.Reported(tasklet.currentTrial(), null);
        } finally {
            running.remove(step.getName(), step);
        }
    }

    private void notifyObservers(Trial trial, StepExecution step) {
        TrialEnded event = new TrialEnded(search, trial, step.getStartTime() == null ? null
                : step.getStartTime().atZone(ZoneId.systemDefault()).toInstant());
        for (TrialObserver observer : observers) {
            try {
                observer.trialEnded(event);
            } catch (RuntimeException e) {
                log.warn("Observer {} failed on the end of trial {}: {}", observer.getClass().getName(), trial.id(),
                        e.toString());
            }
        }
    }

    /** A trial's step ended FAILED (an error no retry fixes, or the database went away). */
    public static final class TrialStepFailedException extends RuntimeException {
        TrialStepFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
