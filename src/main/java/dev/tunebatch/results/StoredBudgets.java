package dev.tunebatch.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The budgets of a stored search and what each has consumed, read from its oracle state in {@code tb_search}
 * ({@code oracle_state->'controls'->'budget'}: the limits, the search's totals, the current run's key, totals and
 * wall-clock seconds), for the status command, the report and the meters; {@link StoredSearches#budgets} reads them.
 */
public final class StoredBudgets {

    private StoredBudgets() {
    }

    /**
     * One budget.
     *
     * @param name     e.g. {@code cost (search)}, {@code wall clock (per run)}, {@code cost (per trial)}
     * @param metric   the metric counted, or {@code null} for the wall clock
     * @param scope    {@code search}, {@code run} or {@code trial}
     * @param consumed what the search (or the current run) has consumed; NaN for a per-trial budget
     * @param max      the cap, in the metric's unit or in seconds
     * @param runKey   the run the consumption belongs to, for a per-run budget
     */
    public record Line(String name, String metric, String scope, double consumed, double max, String runKey) {

        /** Whether the cap is reached. */
        public boolean reached() {
            return !Double.isNaN(consumed) && consumed >= max;
        }

        /** "cost 3.2 of 10 (search)", "wall clock 00h 01m 02s of 00h 30m 00s (per run night-2)". */
        public String describe() {
            String what = metric == null ? "wall clock" : metric;
            String suffix = switch (scope) {
                case "run" -> " (per run" + (runKey == null ? "" : " " + runKey) + ")";
                case "trial" -> " (per trial)";
                default -> " (search)";
            };
            if ("trial".equals(scope)) {
                return what + " at most " + amount(max, metric == null) + suffix;
            }
            return what + " " + amount(consumed, metric == null) + " of " + amount(max, metric == null) + suffix
                    + (reached() ? ", reached" : "");
        }
    }

    /** The budgets described by a stored budget record. */
    @SuppressWarnings("unchecked")
    public static List<Line> of(Map<String, Object> state) {
        List<Line> lines = new ArrayList<>();
        Map<String, Object> search = map(state.get("search"));
        Map<String, Object> run = map(state.get("run"));
        Map<String, Object> runMetrics = map(run.get("metrics"));
        String runKey = run.get("key") == null ? null : String.valueOf(run.get("key"));
        for (Object o : (List<Object>) state.getOrDefault("limits", List.of())) {
            Map<String, Object> limit = (Map<String, Object>) o;
            String metric = (String) limit.get("metric");
            String scope = String.valueOf(limit.get("scope"));
            double max = number(limit.get("max"));
            double consumed = switch (scope) {
                case "trial" -> Double.NaN;
                case "run" -> metric == null ? number(run.get("wall_clock_seconds")) : number(runMetrics.get(metric));
                default -> number(search.get(metric));
            };
            lines.add(new Line(String.valueOf(limit.get("name")), metric, scope, consumed, max,
                    "run".equals(scope) ? runKey : null));
        }
        return lines;
    }

    /** Every budget described, comma-separated; empty without budgets. */
    public static String describe(List<Line> lines) {
        return String.join(", ", lines.stream().map(Line::describe).toList());
    }

    private static String amount(double v, boolean seconds) {
        if (seconds) {
            long s = (long) v;
            return String.format(Locale.ROOT, "%02dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
        }
        return Double.isFinite(v) ? new BigDecimal(v, new MathContext(6)).stripTrailingZeros().toPlainString()
                : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0.0;
    }
}
