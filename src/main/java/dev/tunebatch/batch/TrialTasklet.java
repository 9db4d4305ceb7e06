package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.tuner.TrialEnd;
import dev.tunebatch.tuner.TrialEvent;
import dev.tunebatch.tuner.TrialLife;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.StoppableTasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One trial as a restartable tasklet: the first call starts the trial's {@link TrialLife} in the background; every
 * call commits one unit — an epoch's checkpoint (in the same transaction as the step's progress and heartbeat), the
 * final report to the oracle, or, when nothing happened for a heartbeat interval, only the heartbeat — and returns
 * {@code CONTINUABLE} until the report is committed. A unit that rolls back (the database went away) is done again by
 * the next call: what it was committing stays pending until a commit confirms it. A trial already reported is never
 * run or reported again; a stop request ends the step STOPPED at the next epoch boundary, and a stop requested through
 * the job repository (another process's {@code JobOperator.stop}) ends the current wait at once, so that the next
 * unit's save marks the step terminate-only.
 */
final class TrialTasklet implements StoppableTasklet {

    /** How often a wait for the trial's next event looks at stop requests. */
    private static final long STOP_CHECK_MILLIS = 200;

    private final SearchRun run;
    private final TrialLife life;
    private final long heartbeatNanos;
    /** Taken from the trial, not yet committed. */
    private TrialEvent pending;
    private boolean started;
    private volatile boolean stopRequested;
    /** A unit was committed at once after an external stop, so that the step learnt it from the repository. */
    private boolean externalStopCommitted;
    /** How the trial ended in this step; null while it runs or when the step ended before the trial did. */
    private volatile TrialEnd end;

    TrialTasklet(SearchRun run, Trial trial, Duration heartbeat) {
        this.run = run;
        this.heartbeatNanos = heartbeat.toNanos();
        this.life = new TrialLife(run.session(), trial, run.fitArgs(), run.executor(),
                () -> stopRequested || run.stopRequested());
    }

    /** How the trial ended in this step, or null when the step ended before the trial did. */
    TrialEnd end() {
        return end;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        if (!started) {
            started = true;
            if (life.trial().status() != TrialStatus.RUNNING) {
                step.setExitStatus(new ExitStatus(life.trial().status().name(), "already reported"));
                end = new TrialEnd.Reported(life.trial(), null);
                return RepeatStatus.FINISHED;
            }
            life.start();
        }
        TrialEvent event = pending != null ? pending : awaitEvent();
        holdUntilCommitted(event);
        if (event == null) {
            return RepeatStatus.CONTINUABLE;
        }
        return switch (life.handle(event)) {
            case ENDED_DURING_RUN -> endedDuringRun(step);
            case CONTINUE -> {
                if (event instanceof TrialEvent.Epoch epoch) {
                    step.getExecutionContext().putInt("epoch", epoch.epoch());
                }
                contribution.incrementWriteCount(1);
                yield RepeatStatus.CONTINUABLE;
            }
            case FINISHED -> report(step);
        };
    }

    /**
     * The trial's next event, or null when a heartbeat is due or a stop was requested through the job repository.
     */
    private TrialEvent awaitEvent() throws InterruptedException {
        long deadline = System.nanoTime() + heartbeatNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            if (run.stoppedExternally() && !externalStopCommitted) {
                externalStopCommitted = true;
                return null;
            }
            TrialEvent event = life.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(STOP_CHECK_MILLIS)));
            if (event != null) {
                return event;
            }
        }
    }

    /** Keeps {@code event} pending until the unit that handles it commits; a rolled-back unit handles it again. */
    private void holdUntilCommitted(TrialEvent event) {
        pending = event;
        if (event == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
            pending = null;
            return;
        }
        afterCommit(() -> {
            if (pending == event) {
                pending = null;
            }
        });
    }

    /**
     * The trial was ended in this unit (pruned, or over its own budget): the step completes with the trial's status
     * and reason, and once that commits the background fit is told to stop at its next epoch boundary.
     */
    private RepeatStatus endedDuringRun(StepExecution step) {
        Trial now = life.current();
        step.setExitStatus(new ExitStatus(now.status().name(), ExitDescriptions.firstLine(now.message())));
        end = new TrialEnd.Reported(now, null);
        afterCommit(life::markEnded);
        return RepeatStatus.FINISHED;
    }

    private RepeatStatus report(StepExecution step) {
        TrialEnd ended = life.finish();
        if (ended instanceof TrialEnd.Suspended suspended) {
            step.setTerminateOnly();
            step.setExitStatus(ExitStatus.STOPPED.addExitDescription(suspended.reason()));
            return RepeatStatus.CONTINUABLE;
        }
        TrialEnd.Reported reported = (TrialEnd.Reported) ended;
        Trial trial = reported.trial();
        step.setExitStatus(new ExitStatus(trial.status().name(), reported.failure() != null
                ? String.valueOf(reported.failure()) : "score " + trial.score()));
        end = reported;
        return RepeatStatus.FINISHED;
    }

    /** Runs {@code action} once the current unit commits (at once outside a transaction). */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    public void stop(StepExecution stepExecution) {
        stopRequested = true;
    }
}
