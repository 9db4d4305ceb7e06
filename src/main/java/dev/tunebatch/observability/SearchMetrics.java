package dev.tunebatch.observability;

import dev.tunebatch.results.StoredBudgets;
import dev.tunebatch.batch.TrialEnded;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.launch.SearchObserver;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The Micrometer meters of every search this process runs or finds stored:
 * <ul>
 *   <li>{@value #TRIALS} (gauge; tags {@code search}, {@code status}): stored trials by status;</li>
 *   <li>{@value #TRIAL_DURATION} (timer; tags {@code search}, {@code status}): one sample per trial run that ended in
 *       this process, from its {@code started_at} to its {@code ended_at};</li>
 *   <li>{@value #BEST_SCORE} (gauge; tag {@code search}): the best completed score in the objective's direction, NaN
 *       before one completes;</li>
 *   <li>{@value #LM_TOKENS} and {@value #LM_COST} (gauges; tag {@code search}): the search's LM usage from the cost
 *       ledger;</li>
 *   <li>{@value #BUDGET_CONSUMED} and {@value #BUDGET_LIMIT} (gauges; tags {@code search}, {@code budget}, e.g.
 *       {@code cost (search)} or {@code wall clock (per run)}, in the metric's unit or in seconds): what each budget
 *       of the search has consumed (the current run's, for a per-run budget) and its cap.</li>
 * </ul>
 * Gauges read SQL through {@link SearchStatistics} (one snapshot per search, reused for {@value #SNAPSHOT_MILLIS} ms
 * and refreshed whenever a trial step or the search ends), so a dashboard and the database always agree.
 */
public final class SearchMetrics implements SearchObserver {

    /** Gauge: trials by search and status. */
    public static final String TRIALS = "tunebatch.trials";
    /** Timer: trial durations by search and the status the run ended with. */
    public static final String TRIAL_DURATION = "tunebatch.trial.duration";
    /** Gauge: the best score of a search. */
    public static final String BEST_SCORE = "tunebatch.best.score";
    /** Gauge: LM tokens (input + output) of a search. */
    public static final String LM_TOKENS = "tunebatch.lm.tokens";
    /** Gauge: LM cost of a search, in the ledger's currency. */
    public static final String LM_COST = "tunebatch.lm.cost";
    /** Gauge: what a budget of a search has consumed. */
    public static final String BUDGET_CONSUMED = "tunebatch.budget.consumed";
    /** Gauge: the cap of a budget of a search. */
    public static final String BUDGET_LIMIT = "tunebatch.budget.limit";
    /** How often a trial's end looks for budgets and workers not watched yet. */
    private static final long WATCH_AGAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    /** Gauge per search and worker ({@code pid N on host}): the trials the worker reported (remote execution). */
    public static final String WORKER_TRIALS = "tunebatch.worker.trials";

    private static final long SNAPSHOT_MILLIS = 1000;
    private static final Set<TrialStatus> ENDED = Set.of(TrialStatus.COMPLETED, TrialStatus.INVALID,
            TrialStatus.FAILED, TrialStatus.STOPPED);
    private static final Logger log = LoggerFactory.getLogger(SearchMetrics.class);

    private final MeterRegistry registry;
    private final SearchStatistics statistics;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Set<String> watchedBudgets = ConcurrentHashMap.newKeySet();
    private final Set<String> watchedWorkers = ConcurrentHashMap.newKeySet();
    /** When a search's budgets and workers were last looked for, so that a trial's end costs no query. */
    private final Map<String, Long> lastWatch = new ConcurrentHashMap<>();
    private final Map<String, CachedSnapshot> snapshots = new ConcurrentHashMap<>();

    private record CachedSnapshot(SearchStatistics.Snapshot snapshot, long readAtMillis) {
    }

    public SearchMetrics(MeterRegistry registry, SearchStatistics statistics) {
        this.registry = registry;
        this.statistics = statistics;
    }

    /** Registers the gauges of every stored search; a database that cannot be read now is logged, not fatal. */
    public void watchStoredSearches() {
        try {
            statistics.searches().forEach(this::watch);
        } catch (DataAccessException e) {
            log.warn("Could not list the stored searches for their metrics ({}); each search gets its meters when "
                    + "it runs.", e.getMostSpecificCause().getMessage());
        }
    }

    /** Registers the gauges of {@code search} (once). */
    public void watch(String search) {
        if (!watched.add(search)) {
            return;
        }
        for (TrialStatus status : SearchStatistics.STORED_STATUSES) {
            gauge(TRIALS, search, "Stored trials of the search with this status", s -> s.trials().get(status))
                    .tag("status", status.name()).register(registry);
        }
        gauge(BEST_SCORE, search, "Best completed score in the objective's direction (NaN before one completes)",
                SearchStatistics.Snapshot::bestScore).register(registry);
        gauge(LM_TOKENS, search, "LM tokens (input + output) recorded in the cost ledger",
                SearchStatistics.Snapshot::lmTokens).baseUnit("tokens").register(registry);
        gauge(LM_COST, search, "LM cost recorded in the cost ledger", SearchStatistics.Snapshot::lmCost)
                .register(registry);
        watchBudgets(search);
        watchWorkers(search);
    }

    /** Registers a gauge of reported trials for each worker that ran trials of the search (once per worker). */
    private void watchWorkers(String search) {
        try {
            for (String worker : statistics.trialsPerWorker(search).keySet()) {
                if (watchedWorkers.add(search + "\u0000" + worker)) {
                    Gauge.builder(WORKER_TRIALS, this, m -> m.workerTrials(search, worker))
                            .tag("search", search).tag("worker", worker)
                            .description("Trials the worker reported (remote execution)").register(registry);
                }
            }
        } catch (DataAccessException e) {
            log.warn("Could not read the workers of search '{}' for their metrics ({}).", search,
                    e.getMostSpecificCause().getMessage());
        }
    }

    private double workerTrials(String search, String worker) {
        try {
            return statistics.trialsPerWorker(search).getOrDefault(worker, 0);
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }

    /** Registers a consumed and a limit gauge for each budget the stored search has (once per budget). */
    private void watchBudgets(String search) {
        try {
            for (StoredBudgets.Line line : statistics.budgets(search)) {
                if (!watchedBudgets.add(search + "\u0000" + line.name()) || "trial".equals(line.scope())) {
                    continue;
                }
                Gauge.builder(BUDGET_CONSUMED, this, m -> m.budget(search, line.name(), true))
                        .tag("search", search).tag("budget", line.name())
                        .description("What the budget has consumed (the current run's for a per-run budget)")
                        .register(registry);
                Gauge.builder(BUDGET_LIMIT, this, m -> m.budget(search, line.name(), false))
                        .tag("search", search).tag("budget", line.name()).description("The budget's cap")
                        .register(registry);
            }
        } catch (DataAccessException e) {
            log.warn("Could not read the budgets of search '{}' for their metrics ({}).", search,
                    e.getMostSpecificCause().getMessage());
        }
    }

    private double budget(String search, String name, boolean consumed) {
        try {
            return statistics.budgets(search).stream().filter(l -> l.name().equals(name)).findFirst()
                    .map(l -> consumed ? l.consumed() : l.max()).orElse(Double.NaN);
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }

    private Gauge.Builder<SearchMetrics> gauge(String name, String search, String description,
                                               ToDoubleFunction<SearchStatistics.Snapshot> value) {
        return Gauge.builder(name, this, m -> m.read(search, value)).tag("search", search).description(description);
    }

    private double read(String search, ToDoubleFunction<SearchStatistics.Snapshot> value) {
        long now = System.currentTimeMillis();
        CachedSnapshot cached = snapshots.get(search);
        try {
            if (cached == null || now - cached.readAtMillis() > SNAPSHOT_MILLIS) {
                cached = new CachedSnapshot(statistics.snapshot(search), now);
                snapshots.put(search, cached);
            }
            return value.applyAsDouble(cached.snapshot());
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }

    @Override
    public void searchStarted(String search) {
        watch(search);
        watchBudgets(search);
    }

    /** Records the trial's duration when its run ended during this step (a step that skipped it records nothing). */
    @Override
    public void trialEnded(TrialEnded event) {
        String search = event.search();
        snapshots.remove(search);
        long now = System.nanoTime();
        Long last = lastWatch.get(search);
        if (last == null || now - last > WATCH_AGAIN_NANOS) {
            lastWatch.put(search, now);
            watchBudgets(search);
            watchWorkers(search);
        }
        Trial trial = event.trial();
        if (event.endedInThisStep() && ENDED.contains(trial.status()) && trial.startedAt() != null) {
            Timer.builder(TRIAL_DURATION)
                    .description("Duration of a trial's run, from its start to its report")
                    .tag("search", search).tag("status", trial.status().name())
                    .register(registry).record(Duration.between(trial.startedAt(), trial.endedAt()));
        }
    }

    @Override
    public void searchEnded(String search, LaunchOutcome outcome) {
        snapshots.remove(search);
        watchWorkers(search);
    }
}
