package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.ProgramCheckpoint;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The life of one trial once the oracle handed it out: its run (build → fit or evaluate → reduce), the
 * {@link TrialEvent events} the run produces and what each does to the search (a checkpoint stored, an epoch reported
 * to the pruner and the budgets, an execution recorded), and the one classification of how the run ended
 * ({@link TrialEnd}). Every {@link TrialExecutor} drives a trial through this class; executors differ only in when
 * an event is taken in: {@link #runInline()} takes each at once in the run's own thread (the library), while
 * {@link #start()} runs the trial in the background and queues its events for the caller to {@link #poll} and
 * {@link #handle} one per transaction (the engine's trial step).
 */
public final class TrialLife {

    /** What taking in an event did. */
    public enum Handled {
        /** The trial goes on. */
        CONTINUE,
        /**
         * The trial was ended during its run (pruned, or over its own budget): it is STOPPED in the oracle; once that
         * end is durable, call {@link #markEnded()} so that the run stops at its next epoch boundary.
         */
        ENDED_DURING_RUN,
        /** The run is over: {@link #finish()} reports it. */
        FINISHED
    }

    private final SearchSession session;
    private final Trial trial;
    private final FitArgs args;
    private final ExecutorService executor;
    private final BooleanSupplier stopRequested;
    private final BlockingQueue<TrialEvent> events = new LinkedBlockingQueue<>();
    private CompletableFuture<TrialRunner.Result> future;
    private boolean inline;
    private volatile boolean ended;

    /**
     * The life of {@code trial} in {@code session}, fitted with {@code args} on {@code executor}; the run stops at
     * its next epoch boundary once {@code stopRequested} says so, a budget of the search is reached or the trial was
     * ended during its run.
     */
    public TrialLife(SearchSession session, Trial trial, FitArgs args, ExecutorService executor,
                     BooleanSupplier stopRequested) {
        this.session = session;
        this.trial = trial;
        this.args = args;
        this.executor = executor;
        this.stopRequested = stopRequested;
    }

    /** The trial as it was handed out. */
    public Trial trial() {
        return trial;
    }

    /** The trial as the oracle holds it now (after it was reported or ended, its final state). */
    public Trial current() {
        return session.oracle().getTrial(trial.id());
    }

    /** Runs the trial in the calling thread, taking in each event as it happens, and classifies its end. */
    public TrialEnd runInline() {
        inline = true;
        TrialControl control = new Control(event -> {
            if (handle(event) == Handled.ENDED_DURING_RUN) {
                markEnded();
            }
        });
        try {
            return classify(session.runner().run(trial, args, executor, control), null);
        } catch (Throwable error) {
            return classify(null, error);
        }
    }

    /** Starts the trial's run in the background; its events queue up for {@link #poll}. */
    public void start() {
        TrialControl control = new Control(event -> {
            if (event instanceof TrialEvent.Epoch epoch && epoch.report() != null) {
                if (ended) {
                    return;
                }
                session.expectEpoch(epoch.report());
            }
            events.add(event);
        });
        future = CompletableFuture.supplyAsync(() -> {
            try {
                return session.runner().run(trial, args, executor, control);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor);
        future.whenComplete((result, error) -> {
            if (ended) {
                session.forgetEpochs(trial.id());
            }
            events.add(new TrialEvent.Done());
        });
    }

    /** The next event of a run {@link #start() started} in the background, or null after {@code nanos}. */
    public TrialEvent poll(long nanos) throws InterruptedException {
        return events.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Takes in one event: an epoch is reported to the pruner and the budgets and its checkpoint stored, an execution
     * is recorded. All of it goes to the store in the caller's transaction, if any.
     */
    public Handled handle(TrialEvent event) {
        return switch (event) {
            case TrialEvent.Epoch e -> {
                if (e.report() != null
                        && session.reportEpoch(e.report()) == SearchSession.EpochVerdict.TRIAL_ENDED) {
                    yield Handled.ENDED_DURING_RUN;
                }
                if (e.checkpoint() != null) {
                    session.store().saveCheckpoint(e.key(), e.checkpoint());
                }
                yield Handled.CONTINUE;
            }
            case TrialEvent.ExecutionEnd x -> {
                session.recordExecution(trial.id(), x.execution(), x.metrics());
                yield Handled.CONTINUE;
            }
            case TrialEvent.Done ignored -> Handled.FINISHED;
        };
    }

    /** The trial's end during its run is durable: its run stops at the next epoch boundary, its epochs are forgotten. */
    public void markEnded() {
        ended = true;
        session.forgetEpochs(trial.id());
    }

    /** Reports the end of a run {@link #start() started} in the background (call after {@link Handled#FINISHED}). */
    public TrialEnd finish() {
        try {
            return classify(future.join(), null);
        } catch (CompletionException e) {
            return classify(null, e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * The one classification of a trial's end: a result completes the trial; a stop at an epoch boundary leaves it
     * RUNNING (unless the trial was ended during its run, which already reported it); an error no program can mend
     * ({@link FatalTrialException}, a virtual-machine error other than a stack overflow) is thrown on; any other
     * error ends the trial INVALID, or FAILED for a {@link FailedTrialException}.
     */
    private TrialEnd classify(TrialRunner.Result result, Throwable error) {
        if (error == null) {
            return new TrialEnd.Reported(session.complete(trial, result), null);
        }
        if (error instanceof TrialStoppedException stopped) {
            return ended ? new TrialEnd.Reported(current(), null) : new TrialEnd.Suspended(stopped.getMessage());
        }
        if (error instanceof FatalTrialException fatal) {
            throw fatal;
        }
        if (error instanceof InterruptedException) {
            if (inline) {
                Thread.currentThread().interrupt();
            }
            return new TrialEnd.Suspended("The search was interrupted during trial " + trial.id()
                    + "; it stays RUNNING and runs again when the search resumes.");
        }
        if (error instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
            throw vm;
        }
        return new TrialEnd.Reported(session.fail(trial, error), error);
    }

    /** What the runner reports to: every report becomes an event for {@code sink}. */
    private final class Control implements TrialControl {

        private final Consumer<TrialEvent> sink;

        Control(Consumer<TrialEvent> sink) {
            this.sink = sink;
        }

        @Override
        public void onEpoch(String key, int epoch, ProgramCheckpoint checkpoint) {
            sink.accept(new TrialEvent.Epoch(epoch, checkpoint, key, null));
        }

        @Override
        public void onEpoch(EpochReport report) {
            sink.accept(new TrialEvent.Epoch(report.epoch(), report.checkpoint(), report.checkpointKey(), report));
        }

        @Override
        public void onExecutionEnd(String trialId, int execution, Map<String, Double> metrics) {
            sink.accept(new TrialEvent.ExecutionEnd(execution, metrics));
        }

        @Override
        public boolean stopRequested() {
            return ended || stopRequested.getAsBoolean() || session.budgetReached();
        }
    }
}
