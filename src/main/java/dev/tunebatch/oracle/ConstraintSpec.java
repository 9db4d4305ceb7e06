package dev.tunebatch.oracle;

import dev.tunebatch.hp.Values;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bound on a reported metric that a trial must respect to be feasible: {@code metric <= bound} or
 * {@code metric >= bound}. The metric's value is its reduced value (the best across epochs when it is an objective,
 * else the last epoch's). A missing or NaN value violates the constraint.
 *
 * @param metric  the metric's history key
 * @param bound   the bound, finite
 * @param atMost  {@code true} for {@code metric <= bound}, {@code false} for {@code metric >= bound}
 */
public record ConstraintSpec(String metric, double bound, boolean atMost) {

    public ConstraintSpec {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("constraints: a constraint needs the name of a metric the program "
                    + "reports, e.g. Constraint.atMost(\"program_cost\", 0.5).");
        }
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("constraints: the bound of '" + metric + "' is " + bound
                    + "; pass a finite number.");
        }
    }

    /** {@code metric <= bound}. */
    public static ConstraintSpec atMost(String metric, double bound) {
        return new ConstraintSpec(metric, bound, true);
    }

    /** {@code metric >= bound}. */
    public static ConstraintSpec atLeast(String metric, double bound) {
        return new ConstraintSpec(metric, bound, false);
    }

    /**
     * By how much {@code value} misses the bound, relative to the bound's magnitude (to its unit when the bound is
     * 0): 0 when satisfied, positive infinity when the value is NaN.
     */
    public double violation(double value) {
        if (Double.isNaN(value)) {
            return Double.POSITIVE_INFINITY;
        }
        double excess = atMost ? value - bound : bound - value;
        return excess <= 0 ? 0.0 : excess / (bound == 0 ? 1.0 : Math.abs(bound));
    }

    /** How far the metric is on the feasible side of the bound: {@code bound − value} or {@code value − bound}. */
    public double slack(double value) {
        return atMost ? bound - value : value - bound;
    }

    /** The violation of this constraint by a trial's metrics (infinite when the metric is absent). */
    public double violation(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        return violation(v == null ? Double.NaN : v);
    }

    /** Plain-data form: {@code {"metric": ..., "bound": ..., "type": "at_most"}}. */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", metric);
        m.put("bound", bound);
        m.put("type", atMost ? "at_most" : "at_least");
        return m;
    }

    /** Reads {@link #toConfig()}. */
    public static ConstraintSpec fromConfig(Map<String, Object> m) {
        Object type = m.get("type");
        if (!"at_most".equals(type) && !"at_least".equals(type)) {
            throw new IllegalArgumentException("constraint type: '" + type + "' is neither at_most nor at_least.");
        }
        return new ConstraintSpec((String) m.get("metric"), ((Number) m.get("bound")).doubleValue(),
                "at_most".equals(type));
    }

    @Override
    public String toString() {
        return metric + (atMost ? " <= " : " >= ") + Values.pythonStr(bound);
    }
}
