package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.TrialProgress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a search has consumed of its {@link Budget}s. The totals live in the oracle's state (control record
 * {@value #CONTROL}: the limits, the search's totals, and the current run's key, totals and wall-clock seconds) and
 * each trial's own totals in its document, so that they are saved in the same unit as the epoch that counted them and
 * survive restarts; only the start of this process's run is kept in memory. Every mutation runs under the search's
 * lock.
 */
final class BudgetLedger {

    /** The oracle control record holding the budget state. */
    static final String CONTROL = "budget";

    private final List<Budget> budgets;
    private final Oracle oracle;
    private volatile String runKey;
    private volatile long runStartNanos = System.nanoTime();
    private volatile double wallClockBefore;
    private volatile double wallClockMax = Double.POSITIVE_INFINITY;
    private volatile String reached;
    /** Per search or run budget, its stored consumption as last evaluated. */
    private volatile Map<Budget, Double> committed = Map.of();
    /** Epochs that ended but whose report has not been counted yet (the engine counts them in the next unit). */
    private final Map<String, Map<String, Double>> pending = new java.util.concurrent.ConcurrentHashMap<>();

    BudgetLedger(List<Budget> budgets, Oracle oracle) {
        this.budgets = List.copyOf(budgets);
        this.oracle = oracle;
        for (Budget b : budgets) {
            if (b.isWallClock()) {
                wallClockMax = Math.min(wallClockMax, b.max());
            }
        }
    }

    boolean isEmpty() {
        return budgets.isEmpty();
    }

    List<Budget> budgets() {
        return budgets;
    }

    /** Starts (or, for the same key, continues) a run: its totals start afresh for a new key. */
    void beginRun(String key) {
        if (budgets.isEmpty()) {
            return;
        }
        Map<String, Object> state = state();
        Map<String, Object> run = map(state.get("run"));
        if (!key.equals(run.get("key"))) {
            run = new LinkedHashMap<>();
            run.put("key", key);
            run.put("metrics", new LinkedHashMap<>());
            run.put("wall_clock_seconds", 0.0);
        }
        runKey = key;
        wallClockBefore = number(run.get("wall_clock_seconds"));
        runStartNanos = System.nanoTime();
        state.put("run", run);
        write(state);
        evaluate();
    }

    /**
     * Counts one epoch's (or one evaluation's) metrics: into the search's and the run's totals, and into the trial's
     * own through {@code trial}.
     */
    void count(Map<String, Double> metrics, TrialProgress trial) {
        if (budgets.isEmpty()) {
            return;
        }
        Map<String, Object> state = state();
        Map<String, Object> search = map(state.get("search"));
        Map<String, Object> run = map(state.get("run"));
        Map<String, Object> runMetrics = map(run.get("metrics"));
        for (String metric : metrics()) {
            Double v = metrics.get(metric);
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            search.put(metric, number(search.get(metric)) + v);
            runMetrics.put(metric, number(runMetrics.get(metric)) + v);
            if (trial != null) {
                trial.addConsumed(metric, v);
            }
        }
        run.put("metrics", runMetrics);
        state.put("search", search);
        state.put("run", run);
        write(state);
        evaluate();
    }

    /** The per-trial budget a trial has reached, described, or {@code null}. */
    String trialOver(TrialProgress trial) {
        for (Budget b : budgets) {
            if (b.scope() == Budget.Scope.TRIAL && trial.consumed(b.metric()) >= b.max()) {
                return "Stopped: it reached its budget " + b.describe(trial.consumed(b.metric())) + ".";
            }
        }
        return null;
    }

    /** Saves the run's wall-clock time so far (called before every save of the search). */
    void persistWallClock() {
        if (wallClockMax == Double.POSITIVE_INFINITY || runKey == null) {
            return;
        }
        Map<String, Object> state = state();
        Map<String, Object> run = map(state.get("run"));
        if (!runKey.equals(run.get("key"))) {
            return;
        }
        run.put("wall_clock_seconds", wallClock());
        state.put("run", run);
        write(state);
    }

    private double wallClock() {
        return wallClockBefore + (System.nanoTime() - runStartNanos) / 1e9;
    }

    /** Whether a search or run budget is reached; the wall clock is read live, epochs not yet counted included. */
    boolean reached() {
        return reached != null || (runKey != null && wallClock() >= wallClockMax) || reachedWithPending();
    }

    /**
     * Notes an epoch that ended and will be counted when its report is handled, so that running trials stop as soon
     * as the epochs already done reach a cap, even before their reports commit.
     */
    void expect(EpochReport report) {
        if (!budgets.isEmpty()) {
            pending.put(pendingKey(report), Map.copyOf(finite(report.logs())));
        }
    }

    /** The report of an expected epoch is being counted. */
    void counted(EpochReport report) {
        pending.remove(pendingKey(report));
    }

    /** Forgets the epochs of a trial that will not be reported (it ended during its run). */
    void forget(String trialId) {
        pending.keySet().removeIf(k -> k.startsWith(trialId + "/"));
    }

    private static String pendingKey(EpochReport r) {
        return r.trialId() + "/" + r.execution() + "/" + r.epoch();
    }

    private static Map<String, Double> finite(Map<String, Double> logs) {
        Map<String, Double> out = new LinkedHashMap<>();
        logs.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private boolean reachedWithPending() {
        if (pending.isEmpty()) {
            return false;
        }
        for (Map.Entry<Budget, Double> e : committed.entrySet()) {
            double total = e.getValue();
            for (Map<String, Double> p : pending.values()) {
                total += p.getOrDefault(e.getKey().metric(), 0.0);
            }
            if (total >= e.getKey().max()) {
                return true;
            }
        }
        return false;
    }

    /** Which search or run budget is reached, described, or {@code null}. */
    String reachedReason() {
        if (reached != null) {
            return reached;
        }
        if (runKey != null && wallClock() >= wallClockMax) {
            return describeAll(true);
        }
        return null;
    }

    /** Every budget with its consumption: "cost 3.2 of 10 (search), wall clock 00h 01m 02s of 00h 30m 00s (per run)". */
    String describeAll() {
        return describeAll(false);
    }

    private String describeAll(boolean onlyReached) {
        Map<String, Object> state = state();
        List<String> parts = new ArrayList<>();
        for (Budget b : budgets) {
            if (b.scope() == Budget.Scope.TRIAL) {
                if (!onlyReached) {
                    parts.add(b.describe() + " at most " + Budget.format(b.max()));
                }
                continue;
            }
            double used = consumed(b, state);
            if (!onlyReached || used >= b.max()) {
                parts.add(b.describe(used));
            }
        }
        return String.join(", ", parts);
    }

    private double consumed(Budget b, Map<String, Object> state) {
        if (b.isWallClock()) {
            return runKey == null ? number(map(state.get("run")).get("wall_clock_seconds")) : wallClock();
        }
        Map<String, Object> totals = b.scope() == Budget.Scope.SEARCH ? map(state.get("search"))
                : map(map(state.get("run")).get("metrics"));
        return number(totals.get(b.metric()));
    }

    /** Looks at the metric budgets again (after a count, or when the stored state was reloaded). */
    void evaluate() {
        if (budgets.isEmpty()) {
            return;
        }
        Map<String, Object> state = state();
        List<String> over = new ArrayList<>();
        Map<Budget, Double> totals = new LinkedHashMap<>();
        for (Budget b : budgets) {
            if (b.scope() != Budget.Scope.TRIAL && !b.isWallClock()) {
                totals.put(b, consumed(b, state));
                if (consumed(b, state) >= b.max()) {
                    over.add(b.describe(consumed(b, state)));
                }
            }
        }
        committed = totals;
        reached = over.isEmpty() ? null : String.join(", ", over);
    }

    private List<String> metrics() {
        return budgets.stream().filter(b -> !b.isWallClock()).map(Budget::metric).distinct().toList();
    }

    private Map<String, Object> state() {
        Map<String, Object> state = map(oracle.control(CONTROL));
        state.put("limits", budgets.stream().map(Budget::toConfig).toList());
        return state;
    }

    private void write(Map<String, Object> state) {
        oracle.setControl(CONTROL, state);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0.0;
    }
}
