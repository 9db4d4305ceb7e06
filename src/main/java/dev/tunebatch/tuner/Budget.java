package dev.tunebatch.tuner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A cap on what a search may spend. Metric budgets add up a metric the program reports (an LM program's
 * {@code cost} or {@code total_tokens}, one value per epoch) as each epoch ends, running trials included; a program
 * evaluated without {@code fit}, or whose {@code fit} reports no epochs, is counted once when it ends.
 *
 * <ul>
 *   <li>{@link #metricSum}: over the whole search, across runs; {@link #perRun()} makes it a cap per run;</li>
 *   <li>{@link #perTrial}: per trial; a trial that reaches it stops ({@code STOPPED}, with the reason);</li>
 *   <li>{@link #wallClock}: elapsed time per run.</li>
 * </ul>
 * A run is one {@code search(...)} call in the library (or one run key, when passed) and one run key in the batch
 * engine (every pod retry of one night shares it; the next night's key starts afresh). When a search or run budget
 * is reached, running trials stop at their next epoch boundary and stay resumable, no new trial starts, and the run
 * ends with its own outcome; nothing is lost, and raising the budget and running again continues. Consumption is
 * stored with the search in the same unit as the epoch it counts. The overshoot past a cap is at most one epoch's
 * consumption per running trial.
 */
public final class Budget {

    /** What a budget bounds. */
    public enum Scope {
        /** The whole search, across runs. */
        SEARCH,
        /** One run (a {@code search} call, a run key). */
        RUN,
        /** Each trial. */
        TRIAL
    }

    private final String metric;
    private final double max;
    private final Scope scope;

    private Budget(String metric, double max, Scope scope) {
        this.metric = metric;
        this.max = max;
        this.scope = scope;
    }

    /** At most {@code max} of {@code metric}, summed over every epoch of every trial of the search. */
    public static Budget metricSum(String metric, double max) {
        return new Budget(checkMetric("metricSum", metric), checkMax("metricSum", metric, max), Scope.SEARCH);
    }

    /** At most {@code max} of {@code metric} summed over the epochs of each trial; the trial stops at the cap. */
    public static Budget perTrial(String metric, double max) {
        return new Budget(checkMetric("perTrial", metric), checkMax("perTrial", metric, max), Scope.TRIAL);
    }

    /** At most {@code max} of elapsed time per run. */
    public static Budget wallClock(Duration max) {
        if (max == null || max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("Budget.wallClock: " + max + " is not a positive duration; pass e.g. "
                    + "Duration.ofHours(6).");
        }
        return new Budget(null, max.toNanos() / 1e9, Scope.RUN);
    }

    /** This metric budget counted per run instead of over the whole search. */
    public Budget perRun() {
        if (metric == null || scope != Scope.SEARCH) {
            throw new IllegalArgumentException("perRun: only a Budget.metricSum(...) can be made per run; "
                    + describe() + " is already " + scope.name().toLowerCase(Locale.ROOT) + "-scoped.");
        }
        return new Budget(metric, max, Scope.RUN);
    }

    private static String checkMetric(String kind, String metric) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("Budget." + kind + ": the metric name is blank; name a metric your "
                    + "program reports, e.g. Budget." + kind + "(\"cost\", 5.0).");
        }
        return metric;
    }

    private static double checkMax(String kind, String metric, double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("Budget." + kind + ": max=" + max + " for '" + metric + "' must be a "
                    + "positive finite number, e.g. Budget." + kind + "(\"" + metric + "\", 5.0).");
        }
        return max;
    }

    /** The metric counted, or {@code null} for the wall-clock budget. */
    public String metric() {
        return metric;
    }

    /** The cap: in the metric's unit, or in seconds for the wall-clock budget. */
    public double max() {
        return max;
    }

    public Scope scope() {
        return scope;
    }

    /** Whether this is the wall-clock budget. */
    public boolean isWallClock() {
        return metric == null;
    }

    /** "cost (search)", "total_tokens (per run)", "cost (per trial)", "wall clock (per run)". */
    public String describe() {
        String what = metric == null ? "wall clock" : metric;
        return what + switch (scope) {
            case SEARCH -> " (search)";
            case RUN -> " (per run)";
            case TRIAL -> " (per trial)";
        };
    }

    /** "cost 3.2 of 10 (search)", or for the wall clock "00h 01m 10s of 00h 30m 00s (per run)". */
    public String describe(double consumed) {
        String of = metric == null
                ? SearchDisplay.formatDuration(Duration.ofMillis((long) (consumed * 1000))) + " of "
                + SearchDisplay.formatDuration(Duration.ofMillis((long) (max * 1000)))
                : format(consumed) + " of " + format(max);
        String what = metric == null ? "wall clock" : metric;
        return what + " " + of + switch (scope) {
            case SEARCH -> " (search)";
            case RUN -> " (per run)";
            case TRIAL -> " (per trial)";
        };
    }

    static String format(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v, new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Plain data for the stored state (what status, the report and the meters show). */
    Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", describe());
        m.put("metric", metric);
        m.put("scope", scope.name().toLowerCase(Locale.ROOT));
        m.put("max", max);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Budget b && Objects.equals(metric, b.metric) && max == b.max && scope == b.scope;
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, max, scope);
    }

    @Override
    public String toString() {
        return "Budget[" + describe() + " max " + format(max) + "]";
    }
}
