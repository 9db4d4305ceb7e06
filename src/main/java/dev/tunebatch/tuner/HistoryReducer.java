package dev.tunebatch.tuner;

import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.program.History;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a {@link History} into one value per metric, as Synalinks does: each objective metric takes its best
 * value across epochs in its own direction, every other metric its last epoch's value; empty lists are dropped.
 * Deliberate difference from Python's {@code max}/{@code min}: NaN is never chosen as a best (an objective that is
 * NaN at every epoch stays NaN, and the trial becomes INVALID).
 */
public final class HistoryReducer {

    private HistoryReducer() {
    }

    /** The flattened metrics, in the history's key order. */
    public static Map<String, Double> reduce(History history, ObjectiveSpec objective) {
        Map<String, MetricDirection> directions = objective.directions();
        Map<String, Double> result = new LinkedHashMap<>();
        if (history == null) {
            return result;
        }
        history.history().forEach((name, values) -> {
            if (values == null || values.isEmpty()) {
                return;
            }
            MetricDirection d = directions.get(name);
            Double last = values.get(values.size() - 1);
            result.put(name, d == null ? (last == null ? Double.NaN : last) : best(values, d));
        });
        return result;
    }

    /** The index of the best epoch of a single objective, or 0 (multi-objective, or objective absent). */
    public static int bestEpoch(History history, ObjectiveSpec objective) {
        if (history == null || objective.isMulti()) {
            return 0;
        }
        List<Double> values = history.history().get(objective.name());
        if (values == null || values.isEmpty()) {
            return 0;
        }
        double best = best(values, objective.direction());
        int idx = values.indexOf(best);
        return Math.max(idx, 0);
    }

    private static double best(List<Double> values, MetricDirection d) {
        double best = Double.NaN;
        for (Double v : values) {
            if (v != null && !v.isNaN() && (Double.isNaN(best) || d.better(v, best))) {
                best = v;
            }
        }
        return best;
    }
}
