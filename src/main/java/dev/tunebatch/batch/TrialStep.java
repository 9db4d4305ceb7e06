package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A trial's Spring Batch step, run in as few transactions as its guarantees allow. Its step execution is created by the
 * job repository (in the repository's own transaction, as Spring Batch requires); each call of its tasklet is then one
 * transaction that also saves the step's status, counts and execution context — the first one records the start, and
 * every one is a heartbeat; the call that finishes marks the step COMPLETED in that same transaction, so a trial's
 * report and its step's completion commit together. A stop or a failure ends the step in one more transaction.
 * (Spring Batch's {@code TaskletStep} with {@code SimpleStepHandler} spends eleven transactions on this life cycle; at
 * one step per trial that bookkeeping was most of the engine's overhead.) Until its first call commits, a step shows
 * STARTING without a start time. Restartable as with {@code SimpleStepHandler}: a trial resumed after a crash
 * continues its last unfinished step execution's context; external stop requests reach it through
 * {@link JobRepository#update(StepExecution)}, which marks the step terminate-only.
 */
public final class TrialStep implements Step {

    private static final Logger log = LoggerFactory.getLogger(TrialStep.class);
    /** The exit description of a step execution another process took over: its late result was refused. */
    public static final String TAKEN_OVER = "taken over: its trial was dispatched again";

    private final String name;
    private final Tasklet tasklet;
    private final JobRepository jobRepository;
    private final TransactionTemplate transactions;
    private final DatabaseOutage outage;
    /** After a rollback the context in memory may differ from the stored one, dirty flag or not. */
    private volatile boolean contextUnsaved;
    /** A unit rolled back: before the next one, the stored step is read again (its commit may have gone through). */
    private volatile boolean unconfirmed;

    TrialStep(String name, Tasklet tasklet, JobRepository jobRepository, PlatformTransactionManager transactions) {
        this(name, tasklet, jobRepository, transactions, new DatabaseOutage(Duration.ZERO, () -> false));
    }

    /** A step whose database calls ride out outages as {@code outage} says. */
    TrialStep(String name, Tasklet tasklet, JobRepository jobRepository, PlatformTransactionManager transactions,
              DatabaseOutage outage) {
        this.name = name;
        this.tasklet = tasklet;
        this.jobRepository = jobRepository;
        this.transactions = new TransactionTemplate(transactions);
        this.outage = outage;
    }

    /**
     * The step of {@code trial} in {@code run}, as a worker executes it for a manager: the same tasklet and units as
     * in the manager's own process.
     */
    public static TrialStep of(SearchRun run, Trial trial, JobRepository jobRepository,
                               PlatformTransactionManager transactions, DatabaseOutage outage, Duration heartbeat) {
        return new TrialStep(nameOf(trial.id()), new TrialTasklet(run, trial, heartbeat), jobRepository,
                transactions, outage);
    }

    /** The step name of a trial: {@code trial-<id>}. */
    public static String nameOf(String trialId) {
        return "trial-" + trialId;
    }

    @Override
    public String getName() {
        return name;
    }

    /** A trial may run again after a COMPLETED step: an INVALID trial is retried under the same name. */
    @Override
    public boolean isAllowStartIfComplete() {
        return true;
    }

    /**
     * Runs this step within {@code job}: creates its step execution — continuing the context of the last one when the
     * trial was launched before ({@code firstLaunch} false) and that run did not complete — and executes it. With
     * {@code firstLaunch} the caller vouches that no earlier execution of this step exists, which saves a look-up.
     *
     * @return the step execution, or the last one unchanged when that was ABANDONED (it does not run again); when a
     *         stop request arrived with the unit that completed the step, the job is marked STOPPING
     * @throws JobInterruptedException when the job is stopping, or the step ended STOPPED
     * @throws JobRestartException when the last execution ended UNKNOWN
     */
    StepExecution launch(JobExecution job, boolean firstLaunch) throws JobInterruptedException, JobRestartException {
        if (jobStopping(job)) {
            throw new JobInterruptedException("JobExecution interrupted.");
        }
        Created created = createExecution(jobRepository, outage, job, name, firstLaunch);
        StepExecution execution = created.execution();
        if (execution.getStatus() == BatchStatus.ABANDONED) {
            return execution;
        }
        contextUnsaved = created.continued();
        run(execution);
        if (execution.getStatus() == BatchStatus.STOPPING || execution.getStatus() == BatchStatus.STOPPED) {
            job.setStatus(BatchStatus.STOPPING);
            throw new JobInterruptedException("Job interrupted by step execution");
        }
        if (execution.isTerminateOnly()) {
            // the stop arrived with the unit that reported the trial: the step stays COMPLETED, the job stops
            job.setStatus(BatchStatus.STOPPING);
        }
        return execution;
    }

    /**
     * A new execution of step {@code name} within {@code job}, continuing the context of the last one when the trial
     * was launched before ({@code firstLaunch} false) and that run did not complete (a context not saved yet: save it
     * before the step runs elsewhere); or the last execution unchanged when a run before this job execution ABANDONED
     * it (it does not run again). An execution this job execution abandoned itself (a worker that stopped
     * heartbeating) is continued.
     *
     * @throws JobRestartException when the last execution ended UNKNOWN
     */
    public static Created createExecution(JobRepository jobRepository, DatabaseOutage outage, JobExecution job,
                                          String name, boolean firstLaunch) throws JobRestartException {
        StepExecution last = firstLaunch ? null : outage.call("read the last run of step " + name,
                () -> jobRepository.getLastStepExecution(job.getJobInstance(), name));
        if (last != null && Objects.equals(last.getJobExecutionId(), job.getId())
                && last.getStatus() != BatchStatus.ABANDONED) {
            last = null;
        }
        if (last != null && last.getStatus() == BatchStatus.UNKNOWN) {
            throw new JobRestartException("Cannot restart step " + name + " from UNKNOWN status: its last execution "
                    + "failed in a way that could not be rolled back; inspect it before running the search again.");
        }
        if (last != null && last.getStatus() == BatchStatus.ABANDONED
                && !Objects.equals(last.getJobExecutionId(), job.getId())) {
            return new Created(last, false);
        }
        StepExecution execution = outage.call("start step " + name, () -> jobRepository.createStepExecution(name, job));
        if (last != null && last.getStatus() != BatchStatus.COMPLETED) {
            execution.setExecutionContext(new ExecutionContext(last.getExecutionContext()));
            return new Created(execution, true);
        }
        return new Created(execution, false);
    }

    /**
     * A step execution to run.
     *
     * @param execution the new execution, or the last one unchanged when it was ABANDONED
     * @param continued whether it continues the context of the last one (a context not saved yet)
     */
    public record Created(StepExecution execution, boolean continued) {
    }

    /**
     * Whether a stop was requested through Spring Batch: {@code JobOperator.stop} in another process stores the
     * execution STOPPED (it sets an end time), which reaches this one as STOPPED, not STOPPING.
     */
    public static boolean jobStopping(JobExecution execution) {
        return execution.isStopping() || execution.isStopped();
    }

    /** Executes a step execution created elsewhere (for instance by a partition handler on a remote worker). */
    @Override
    public void execute(StepExecution stepExecution) {
        run(stepExecution);
    }

    /** Starts the step (saved with its first unit) and runs units until the tasklet finishes, stops or fails. */
    private void run(StepExecution execution) {
        execution.setStartTime(LocalDateTime.now());
        execution.setStatus(BatchStatus.STARTED);
        ChunkContext chunk = new ChunkContext(new StepContext(execution));
        try {
            RepeatStatus status = RepeatStatus.CONTINUABLE;
            while (status.isContinuable()) {
                checkInterrupted(execution);
                status = outage.call("commit the progress of step " + name, () -> nextUnit(execution, chunk));
            }
        } catch (Throwable e) {
            end(execution, e);
        }
    }

    /** One call of the tasklet and the step's progress, in the caller's transaction; the last one completes the step. */
    private RepeatStatus unit(StepExecution execution, ChunkContext chunk) {
        Snapshot before = new Snapshot(execution);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    before.restore(execution);
                    contextUnsaved = true;
                    unconfirmed = true;
                }
            }
        });
        StepContribution contribution = execution.createStepContribution();
        RepeatStatus status;
        try {
            status = tasklet.execute(contribution, chunk);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TaskletFailedException(e);
        }
        status = status == null ? RepeatStatus.FINISHED : status;
        execution.apply(contribution);
        execution.incrementCommitCount();
        if (!status.isContinuable()) {
            execution.upgradeStatus(BatchStatus.COMPLETED);
            execution.setExitStatus(ExitStatus.COMPLETED.and(execution.getExitStatus()));
            execution.setEndTime(LocalDateTime.now());
        }
        if (contextUnsaved || execution.getExecutionContext().isDirty()) {
            jobRepository.updateExecutionContext(execution);
            contextUnsaved = false;
        }
        jobRepository.update(execution);
        return status;
    }

    /**
     * After a unit whose commit was not confirmed, what the job repository stored for this step when that commit went
     * through after all (the stored version is then ahead of ours), else null.
     */
    private StepExecution committedAfterAll(StepExecution execution) {
        StepExecution stored = jobRepository.getStepExecution(execution.getJobExecutionId(), execution.getId());
        unconfirmed = false;
        if (stored == null || Objects.equals(stored.getVersion(), execution.getVersion())) {
            return null;
        }
        log.warn("Step {}: its last unit committed although the database went away before confirming it.", name);
        return stored;
    }

    /** Takes over the stored state of the step; true when it is COMPLETED. */
    private boolean adopt(StepExecution stored, StepExecution execution) {
        execution.setVersion(stored.getVersion());
        execution.setStatus(stored.getStatus());
        execution.setExitStatus(stored.getExitStatus());
        execution.setEndTime(stored.getEndTime());
        execution.setWriteCount(stored.getWriteCount());
        execution.setCommitCount(stored.getCommitCount());
        execution.setExecutionContext(stored.getExecutionContext());
        contextUnsaved = false;
        return stored.getStatus() == BatchStatus.COMPLETED;
    }

    /** One unit, unless the last unconfirmed one did commit and completed the step. */
    private RepeatStatus nextUnit(StepExecution execution, ChunkContext chunk) {
        StepExecution stored = unconfirmed ? committedAfterAll(execution) : null;
        if (stored != null && adopt(stored, execution)) {
            return RepeatStatus.FINISHED;
        }
        return transactions.execute(tx -> unit(execution, chunk));
    }

    private static void checkInterrupted(StepExecution execution) throws JobInterruptedException {
        if (Thread.currentThread().isInterrupted() || execution.isTerminateOnly()) {
            throw new JobInterruptedException("Job interrupted status detected.");
        }
    }

    /** Ends a step that stopped or failed, as AbstractStep would: STOPPED or FAILED, else UNKNOWN if unsaved. */
    private void end(StepExecution execution, Throwable e) {
        Throwable cause = e instanceof TaskletFailedException ? e.getCause() : e;
        if (cause instanceof OptimisticLockingFailureException) {
            refuseTakenOver(execution);
            return;
        }
        boolean stopped = cause instanceof JobInterruptedException;
        execution.upgradeStatus(stopped ? BatchStatus.STOPPED : BatchStatus.FAILED);
        ExitStatus exit = (stopped ? ExitStatus.STOPPED.addExitDescription(JobInterruptedException.class.getName())
                : ExitStatus.FAILED.addExitDescription(cause)).and(execution.getExitStatus());
        execution.setExitStatus(exit);
        execution.addFailureException(cause);
        execution.setEndTime(LocalDateTime.now());
        if (stopped) {
            log.info("Step {} stopped: {}", name, cause.getMessage());
        } else if (DatabaseOutage.isOutage(cause) || cause instanceof DatabaseOutage.DatabaseUnavailableException) {
            log.error("Step {} ended: PostgreSQL is unreachable ({}).", name, cause instanceof
                    DatabaseOutage.DatabaseUnavailableException ? cause.getMessage() : DatabaseOutage.rootMessage(cause));
        } else {
            log.error("Step {} failed", name, cause);
        }
        try {
            outage.run("record the end of step " + name, () -> {
                StepExecution stored = unconfirmed ? committedAfterAll(execution) : null;
                if (stored != null && adopt(stored, execution)) {
                    return;
                }
                transactions.executeWithoutResult(tx -> {
                    jobRepository.updateExecutionContext(execution);
                    jobRepository.update(execution);
                });
            });
        } catch (RuntimeException saveFailure) {
            execution.setStatus(BatchStatus.UNKNOWN);
            execution.setExitStatus(exit.and(ExitStatus.UNKNOWN));
            execution.addFailureException(saveFailure);
            log.error("Could not save the end of step {} ({}); the next run recovers it.", name,
                    DatabaseOutage.rootMessage(saveFailure));
        }
    }

    /**
     * The step execution was changed by someone else since this process last saved it: the manager of a remote search
     * abandoned it because its heartbeat stopped, and the trial runs elsewhere now. What this process was committing
     * (an epoch, the trial's report) rolled back and is refused; the stored step is left as the manager wrote it.
     */
    private void refuseTakenOver(StepExecution execution) {
        execution.setStatus(BatchStatus.ABANDONED);
        execution.setExitStatus(new ExitStatus(BatchStatus.ABANDONED.name(), TAKEN_OVER));
        execution.setEndTime(LocalDateTime.now());
        log.warn("Step {} (execution {}) was taken over after its heartbeat stopped: its late result is refused and "
                + "nothing of it is stored.", name, execution.getId());
    }

    /** What a rolled-back unit must take back from the in-memory step execution. */
    private static final class Snapshot {
        private final Integer version;
        private final long writeCount;
        private final long commitCount;
        private final BatchStatus status;
        private final ExitStatus exitStatus;
        private final LocalDateTime endTime;
        private final ExecutionContext context;

        Snapshot(StepExecution execution) {
            version = execution.getVersion();
            writeCount = execution.getWriteCount();
            commitCount = execution.getCommitCount();
            status = execution.getStatus();
            exitStatus = execution.getExitStatus();
            endTime = execution.getEndTime();
            context = new ExecutionContext(execution.getExecutionContext());
        }

        void restore(StepExecution execution) {
            execution.setVersion(version);
            execution.setWriteCount(writeCount);
            execution.setCommitCount(commitCount);
            execution.setStatus(status);
            execution.setExitStatus(exitStatus);
            execution.setEndTime(endTime);
            execution.setExecutionContext(context);
            execution.incrementRollbackCount();
        }
    }

    /** A checked exception of the tasklet, carried out of the transaction callback. */
    private static final class TaskletFailedException extends RuntimeException {
        TaskletFailedException(Exception cause) {
            super(cause);
        }
    }
}
