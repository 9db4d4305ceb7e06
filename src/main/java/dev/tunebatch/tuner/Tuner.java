package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ConsecutiveFailuresException;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.SearchBusyException;
import dev.tunebatch.store.TrialStore;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The search loop shared by every tuner: ask the oracle for a trial, run it (build, fit or evaluate, reduce), report
 * the metrics and end the trial, persisting each step in the {@link TrialStore}. A stored search resumes: completed
 * trials are never re-run, an interrupted one runs again with the same hyperparameters.
 */
public abstract class Tuner {

    private static final AtomicInteger SEARCHES = new AtomicInteger();
    private static final java.time.Duration IDLE_WAIT = java.time.Duration.ofMillis(50);

    private final SearchSession session;
    private final Oracle oracle;
    private final TrialStore store;
    private final SearchDisplay display;
    private final String tunerId;
    private volatile boolean budgetReached;

    protected Tuner(TunerBuilder<?, ?> builder) {
        this.tunerId = Objects.requireNonNull(builder.tunerId, "tunerId");
        this.session = SearchSession.open(builder, builder.resolveStore());
        this.oracle = session.oracle();
        this.store = session.store();
        this.display = session.display();
    }

    /**
     * Runs trials until the oracle stops. One executor serves the whole search; it is shut down when the search ends.
     *
     * @throws ConsecutiveFailuresException after {@code maxConsecutiveFailedTrials} FAILED trials in a row
     * @throws FatalTrialException          when a trial cannot be scored at all (the trial stays RUNNING)
     * @throws SearchBusyException          when another process holds the search, or took it over after this one
     *                                      lost its database session (the running trial stops at its next epoch
     *                                      boundary and stays RUNNING for the other process)
     */
    public void search(FitArgs args) {
        search(args, null);
    }

    /**
     * Runs trials until the oracle stops or a budget is reached, as one run named {@code runKey}: per-run budgets
     * ({@link Budget#wallClock}, {@link Budget#perRun()}) and the drift check count per run key, and a later call
     * with the same key continues that run's consumption. {@code null} makes this call a run of its own.
     * When a budget is reached the running trial stops at its epoch boundary (it resumes in a later search), no new
     * trial starts, this returns normally and {@link #budgetReached()} says so.
     */
    public void search(FitArgs args, String runKey) {
        Objects.requireNonNull(args, "args: pass FitArgs.builder()...build()");
        int n = SEARCHES.incrementAndGet();
        budgetReached = false;
        try (ClaimWatch watch = ClaimWatch.claim(store, ownerDescription());
             ExecutorService executor = Executors.newThreadPerTaskExecutor(
                     Thread.ofVirtual().name("tunebatch-search-" + n + "-", 0).factory())) {
            session.announceSearchStart();
            session.beginRun(runKey != null ? runKey : "search-" + java.util.UUID.randomUUID());
            TrialExecutor inline = trial -> {
                TrialEnd end = new TrialLife(session, trial, args, executor, watch::lost).runInline();
                if (end instanceof TrialEnd.Suspended suspended && Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException(suspended.reason());
                }
                return end;
            };
            TrialDriver driver = new TrialDriver(session, inline,
                    () -> Thread.currentThread().isInterrupted() || watch.lost(), () -> { },
                    TrialDriver.StoreCalls.DIRECT, IDLE_WAIT);
            TrialDriver.Stop stop = drive(driver);
            if (watch.lost()) {
                throw new SearchBusyException("Another process took over " + store.location() + " after this search "
                        + "lost its database session; this search stopped (its running trial resumes there).");
            }
            if (stop == TrialDriver.Stop.BUDGET_REACHED || session.budgetReached()) {
                budgetReached = true;
                session.display().line("Budget reached: " + session.budgetReachedReason() + ". The search stopped; "
                        + "raise the budget and search again to continue.");
            }
        }
    }

    private TrialDriver.Stop drive(TrialDriver driver) {
        try {
            return driver.drive(tunerId);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the last {@link #search} ended because a budget was reached. */
    public boolean budgetReached() {
        return budgetReached;
    }

    /** Every budget with what it has consumed ("cost 3.2 of 10 (search), ..."), or empty without budgets. */
    public String budgetStatus() {
        return session.budgetStatus();
    }

    private String ownerDescription() {
        return thisProcess() + ", tuner " + tunerId;
    }

    /** "pid N on HOST": who holds a claim, as the busy message shows it. */
    public static String thisProcess() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return "pid " + ProcessHandle.current().pid() + " on " + (at >= 0 ? name.substring(at + 1) : name);
    }

    // ---------------------------------------------------------------- results

    /**
     * The best trials, best first: by score (feasible trials before infeasible ones), or for a Pareto search by
     * non-dominated front, then hypervolume contribution; trials that did not complete come last.
     */
    public List<Trial> getBestTrials(int n) {
        return oracle.getBestTrials(n);
    }

    /**
     * The non-dominated trials, best first: a Pareto search's front (feasible trials only, unless none is feasible);
     * for a single or summed objective, the best trial.
     */
    public List<Trial> getParetoFront() {
        return oracle.getParetoFront();
    }

    /**
     * The hyperparameters of the best trials, best first; for a Pareto search, the front's members first, ordered by
     * hypervolume contribution (the trial that would cost the front the most if it were removed comes first).
     */
    public List<HyperParameters> getBestHyperparameters(int n) {
        return getBestTrials(n).stream().map(Trial::hyperparameters).toList();
    }

    /** All trials, in creation order. */
    public List<Trial> trials() {
        return oracle.trials();
    }

    /** The search space, with default values. */
    public HyperParameters searchSpace() {
        return oracle.getSpace();
    }

    /** Trials still to create, or null when the algorithm has no limit. */
    public Integer remainingTrials() {
        return oracle.remainingTrials();
    }

    /** The oracle driving this tuner. */
    public Oracle oracle() {
        return oracle;
    }

    /** Where the search is stored. */
    public TrialStore store() {
        return store;
    }

    /** Console progress on or off. */
    public void setVerbose(boolean verbose) {
        display.setVerbose(verbose);
    }

    /** keras-tuner's results summary of the {@code n} best trials. */
    public String resultsSummary(int n) {
        return session.resultsSummary(n);
    }

    /** keras-tuner's search space summary. */
    public String searchSpaceSummary() {
        return session.searchSpaceSummary();
    }
}
