package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.tuner.TrialEnd;
import dev.tunebatch.tuner.TrialExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;

import java.time.ZoneId;
import java.util.List;

/**
 * The engine's way to execute a trial: as its own restartable step {@code trial-<id>} of the running job execution,
 * run by a {@link TrialStepRunner} (in this process, or on a worker). When the step ends, the {@link TrialObserver}s
 * hear of it and the trial's end goes back to the driver.
 */
final class TrialSteps implements TrialExecutor {

    private static final Logger log = LoggerFactory.getLogger(TrialSteps.class);

    private final TrialStepRunner.TrialJob job;
    private final TrialStepRunner runner;
    private final List<TrialObserver> observers;

    TrialSteps(TrialStepRunner.TrialJob job, TrialStepRunner runner, List<TrialObserver> observers) {
        this.job = job;
        this.runner = runner;
        this.observers = observers;
    }

    @Override
    public TrialEnd execute(Trial trial) throws Exception {
        SearchRun run = job.run();
        TrialStepRunner.Ran ran;
        try (SearchLogContext.Scope ignored = SearchLogContext.trial(trial.id())) {
            try {
                ran = runner.run(trial, job);
            } catch (JobInterruptedException e) {
                if (run.session().budgetReached() && !run.stopRequested()) {
                    log.info("Trial {} stopped at an epoch boundary: the search's budget is reached.", trial.id());
                    return new TrialEnd.Suspended("the search's budget is reached");
                }
                throw e;
            }
            StepExecution stepExecution = ran.step();
            log.info("Trial {} step ended {} ({}).", trial.id(), stepExecution.getExitStatus().getExitCode(),
                    ExitDescriptions.firstLine(stepExecution.getExitStatus().getExitDescription()));
            Trial now = ran.end() instanceof TrialEnd.Reported reported ? reported.trial()
                    : run.session().current(trial.id());
            notifyObservers(now, stepExecution);
            BatchStatus status = stepExecution.getStatus();
            if (status == BatchStatus.FAILED || status == BatchStatus.UNKNOWN || status == BatchStatus.ABANDONED) {
                Throwable cause = stepExecution.getFailureExceptions().isEmpty() ? null
                        : stepExecution.getFailureExceptions().get(0);
                throw new TrialStepFailedException("Trial " + trial.id() + " failed its step: "
                        + (cause == null ? stepExecution.getExitStatus() : cause.getMessage()), cause);
            }
            return ran.end() != null ? ran.end() : new TrialEnd.Reported(now, StoredFailure.of(now));
        }
    }

    private void notifyObservers(Trial trial, StepExecution step) {
        TrialEnded event = new TrialEnded(job.search(), trial, step.getStartTime() == null ? null
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
