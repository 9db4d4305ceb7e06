package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.store.ProgramCheckpoint;
import dev.tunebatch.tuner.EpochReport;
import dev.tunebatch.tuner.FatalTrialException;
import dev.tunebatch.tuner.SearchSession;
import dev.tunebatch.tuner.TrialControl;
import dev.tunebatch.tuner.TrialRunner;
import dev.tunebatch.tuner.TrialStoppedException;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.StoppableTasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One trial as a restartable tasklet: the first call starts build → fit in the background; every call commits
 * one unit — an epoch's checkpoint (in the same transaction as the step's progress and heartbeat), the final report
 * to the oracle, or, when nothing happened for a heartbeat interval, only the heartbeat — and returns
 * {@code CONTINUABLE} until the report is committed. A unit that rolls back (the database went away) is done again by
 * the next call: what it was committing stays pending until a commit confirms it. A trial already reported is never
 * run or reported again; a stop request ends the step STOPPED at the next epoch boundary, and a stop requested through
 * the job repository (another process's {@code JobOperator.stop}) ends the current wait at once, so that the next
 * unit's save marks the step terminate-only.
 */
final class TrialTasklet implements StoppableTasklet {

    /** Something the background trial produced for the step to commit. */
    private sealed interface Event permits Epoch, ExecutionEnd, Done {
    }

    /** An epoch ended: its checkpoint (stored under {@code key}) and, when the runner reported its metrics, them. */
    private record Epoch(int epoch, ProgramCheckpoint checkpoint, String key, EpochReport report) implements Event {
    }

    /** One execution of a trial run several times ended. */
    private record ExecutionEnd(int execution, Map<String, Double> metrics) implements Event {
    }

    private record Done() implements Event {
    }

    /** How often a wait for the trial's next event looks at stop requests. */
    private static final long STOP_CHECK_MILLIS = 200;

    private final SearchRun run;
    private final String trialId;
    private final long heartbeatNanos;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Taken from the queue, not yet committed. */
    private Event pending;
    private CompletableFuture<TrialRunner.Result> future;
    private Trial trial;
    private volatile boolean stopRequested;
    /** The trial was ended during its run (pruned, or over its own budget) and that end committed. */
    private volatile boolean ended;

    TrialTasklet(SearchRun run, String trialId, Duration heartbeat) {
        this.run = run;
        this.trialId = trialId;
        this.heartbeatNanos = heartbeat.toNanos();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        if (future == null && start(step) == RepeatStatus.FINISHED) {
            return RepeatStatus.FINISHED;
        }
        Event event = pending != null ? pending : awaitEvent();
        holdUntilCommitted(event);
        if (event instanceof Epoch e) {
            if (e.report() != null
                    && run.session().reportEpoch(e.report()) == SearchSession.EpochVerdict.TRIAL_ENDED) {
                return endedDuringRun(step);
            }
            if (e.checkpoint() != null) {
                run.session().store().saveCheckpoint(e.key(), e.checkpoint());
            }
            step.getExecutionContext().putInt("epoch", e.epoch());
            contribution.incrementWriteCount(1);
            return RepeatStatus.CONTINUABLE;
        }
        if (event instanceof ExecutionEnd x) {
            run.session().recordExecution(trialId, x.execution(), x.metrics());
            contribution.incrementWriteCount(1);
            return RepeatStatus.CONTINUABLE;
        }
        if (event == null) {
            return RepeatStatus.CONTINUABLE;
        }
        return report(contribution, step);
    }

    /**
     * The trial's next event, or null when a heartbeat is due or a stop was requested through the job repository.
     */
    private Event awaitEvent() throws InterruptedException {
        long deadline = System.nanoTime() + heartbeatNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || run.stoppedExternally()) {
                return null;
            }
            Event event = events.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(STOP_CHECK_MILLIS)),
                    TimeUnit.NANOSECONDS);
            if (event != null) {
                return event;
            }
        }
    }

    /** Keeps {@code event} pending until the unit that handles it commits; a rolled-back unit handles it again. */
    private void holdUntilCommitted(Event event) {
        pending = event;
        if (event == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
            pending = null;
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED && pending == event) {
                    pending = null;
                }
            }
        });
    }

    /**
     * The trial was ended in this unit (pruned, or over its own budget): the step completes with the trial's status
     * and reason, and once that commits the background fit is told to stop at its next epoch boundary.
     */
    private RepeatStatus endedDuringRun(StepExecution step) {
        Trial now = run.session().oracle().getTrial(trialId);
        step.setExitStatus(new ExitStatus(now.status().name(), SearchJob.firstLine(now.message())));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        ended = true;
                        run.session().forgetEpochs(trialId);
                    }
                }
            });
        } else {
            ended = true;
            run.session().forgetEpochs(trialId);
        }
        return RepeatStatus.FINISHED;
    }

    /** Starts the trial in the background; FINISHED when it was already reported, else null. */
    private RepeatStatus start(StepExecution step) {
        trial = run.session().oracle().getTrial(trialId);
        if (trial.status() != TrialStatus.RUNNING) {
            step.setExitStatus(new ExitStatus(trial.status().name(), "already reported"));
            return RepeatStatus.FINISHED;
        }
        TrialControl control = new TrialControl() {
            @Override
            public void onEpoch(String id, int epoch, ProgramCheckpoint checkpoint) {
                events.add(new Epoch(epoch, checkpoint, id, null));
            }

            @Override
            public void onEpoch(EpochReport report) {
                if (ended) {
                    return;
                }
                run.session().expectEpoch(report);
                events.add(new Epoch(report.epoch(), report.checkpoint(), report.checkpointKey(), report));
            }

            @Override
            public void onExecutionEnd(String id, int execution, Map<String, Double> metrics) {
                events.add(new ExecutionEnd(execution, metrics));
            }

            @Override
            public boolean stopRequested() {
                return stopRequested || ended || run.stopRequested() || run.session().budgetReached();
            }
        };
        future = CompletableFuture.supplyAsync(() -> {
            try {
                return run.session().runner().run(trial, run.fitArgs(), run.executor(), control);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, run.executor());
        future.whenComplete((r, e) -> {
            if (ended) {
                run.session().forgetEpochs(trialId);
            }
            events.add(new Done());
        });
        return null;
    }

    private RepeatStatus report(StepContribution contribution, StepExecution step) {
        TrialRunner.Result result;
        try {
            result = future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TrialStoppedException) {
                step.setTerminateOnly();
                step.setExitStatus(ExitStatus.STOPPED.addExitDescription(cause.getMessage()));
                return RepeatStatus.CONTINUABLE;
            }
            if (cause instanceof FatalTrialException fatal) {
                throw fatal;
            }
            Trial ended = run.session().fail(trial, cause);
            run.recordFailure(cause);
            step.setExitStatus(new ExitStatus(ended.status().name(), String.valueOf(cause)));
            return RepeatStatus.FINISHED;
        }
        Trial ended = run.session().complete(trial, result);
        step.setExitStatus(new ExitStatus(ended.status().name(), "score " + ended.score()));
        return RepeatStatus.FINISHED;
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
