package dev.tunebatch.batch;

import java.util.List;

/**
 * A budget of a stored search under the name the meters use today. The budgets are read, and described, by the read
 * model: {@link dev.tunebatch.results.StoredSearches#budgets} and {@link dev.tunebatch.results.StoredBudgets}; this
 * type only mirrors their line until the meters name that one.
 */
public final class StoredBudgets {

    private StoredBudgets() {
    }

    /**
     * One budget, as {@link dev.tunebatch.results.StoredBudgets.Line}.
     *
     * @param name     e.g. {@code cost (search)}, {@code wall clock (per run)}, {@code cost (per trial)}
     * @param metric   the metric counted, or {@code null} for the wall clock
     * @param scope    {@code search}, {@code run} or {@code trial}
     * @param consumed what the search (or the current run) has consumed; NaN for a per-trial budget
     * @param max      the cap, in the metric's unit or in seconds
     * @param runKey   the run the consumption belongs to, for a per-run budget
     */
    public record Line(String name, String metric, String scope, double consumed, double max, String runKey) {

        /** The same budget. */
        public static Line of(dev.tunebatch.results.StoredBudgets.Line line) {
            return new Line(line.name(), line.metric(), line.scope(), line.consumed(), line.max(), line.runKey());
        }

        /** Whether the cap is reached. */
        public boolean reached() {
            return stored().reached();
        }

        /** "cost 3.2 of 10 (search)", "wall clock 00h 01m 02s of 00h 30m 00s (per run night-2)". */
        public String describe() {
            return stored().describe();
        }

        private dev.tunebatch.results.StoredBudgets.Line stored() {
            return new dev.tunebatch.results.StoredBudgets.Line(name, metric, scope, consumed, max, runKey);
        }
    }

    /** The budgets as the meters name them. */
    public static List<Line> of(List<dev.tunebatch.results.StoredBudgets.Line> lines) {
        return lines.stream().map(Line::of).toList();
    }
}
