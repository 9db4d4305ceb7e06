package dev.tunebatch.tuner;

import dev.tunebatch.oracle.ConsecutiveFailuresException;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one loop of a search, shared by the library's {@code search} and the Spring Batch engine: ask the oracle for a
 * trial, announce it, have a {@link TrialExecutor} execute it, announce its end, and stop after too many failures in
 * a row. Parallel workers of one run share a driver, each calling {@link #drive} with its own worker id.
 */
public final class TrialDriver {

    /** Why {@link #drive} returned. */
    public enum Stop {
        /** The oracle has no trial left. */
        NO_MORE_TRIALS,
        /** A budget of the search or of the run is reached; running trials stopped at their epoch boundary. */
        BUDGET_REACHED,
        /** The run was asked to stop (or a trial stopped at an epoch boundary for a reason outside the search). */
        STOP_REQUESTED
    }

    /**
     * How the driver makes its own calls to the store: the engine rides out database outages here, the library calls
     * straight through.
     */
    @FunctionalInterface
    public interface StoreCalls {
        /** Calls straight through. */
        StoreCalls DIRECT = new StoreCalls() {
            @Override
            public <T> T call(String what, Supplier<T> action) {
                return action.get();
            }
        };

        /** Runs {@code action}, described by {@code what} for a message. */
        <T> T call(String what, Supplier<T> action);
    }

    private final SearchSession session;
    private final TrialExecutor executor;
    private final BooleanSupplier stopRequested;
    private final Runnable abort;
    private final StoreCalls calls;
    private final long idleMillis;
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

    /**
     * A driver of {@code session}'s trials through {@code executor}. {@code stopRequested} is asked before every
     * trial; {@code abort} is called when one worker fails, so that the others stop at their next boundary;
     * {@code idle} is how long a worker waits when the oracle has nothing to hand out yet.
     */
    public TrialDriver(SearchSession session, TrialExecutor executor, BooleanSupplier stopRequested, Runnable abort,
                       StoreCalls calls, Duration idle) {
        this.session = session;
        this.executor = executor;
        this.stopRequested = stopRequested;
        this.abort = abort;
        this.calls = calls;
        this.idleMillis = idle.toMillis();
    }

    /**
     * Runs trials as worker {@code workerId} until the oracle has none left, a budget is reached or a stop is
     * requested.
     *
     * @throws ConsecutiveFailuresException after too many FAILED trials in a row (the last failure is its cause)
     * @throws Exception                    whatever the executor threw (the search aborts)
     */
    public Stop drive(String workerId) throws Exception {
        while (true) {
            if (stopRequested.getAsBoolean()) {
                return Stop.STOP_REQUESTED;
            }
            if (session.budgetReached()) {
                return Stop.BUDGET_REACHED;
            }
            Trial trial = calls.call("ask the oracle for the next trial", () -> session.nextTrial(workerId));
            if (trial.status() == TrialStatus.STOPPED) {
                return Stop.NO_MORE_TRIALS;
            }
            if (trial.status() == TrialStatus.IDLE) {
                sleep();
                continue;
            }
            int number = session.announceStart(trial);
            long start = System.nanoTime();
            TrialEnd end;
            try {
                end = executor.execute(trial);
            } catch (Exception | Error e) {
                abort.run();
                throw e;
            }
            if (end instanceof TrialEnd.Suspended) {
                return session.budgetReached() && !stopRequested.getAsBoolean() ? Stop.BUDGET_REACHED
                        : Stop.STOP_REQUESTED;
            }
            TrialEnd.Reported reported = (TrialEnd.Reported) end;
            if (reported.failure() != null) {
                lastFailure.set(reported.failure());
            }
            session.announceEnd(reported.trial(), number, System.nanoTime() - start);
            checkConsecutiveFailures();
        }
    }

    private void checkConsecutiveFailures() {
        try {
            session.checkConsecutiveFailures();
        } catch (ConsecutiveFailuresException e) {
            if (e.getCause() == null && lastFailure.get() != null) {
                e.initCause(lastFailure.get());
            }
            abort.run();
            throw e;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(idleMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
