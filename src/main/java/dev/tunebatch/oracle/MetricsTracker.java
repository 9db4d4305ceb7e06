package dev.tunebatch.oracle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** The metrics of one trial: per metric, its direction and its observations by step. */
public final class MetricsTracker {

    private final LinkedHashMap<String, MetricHistory> metrics = new LinkedHashMap<>();

    /** Registers a metric if new (direction as given) and records a value at {@code step}. */
    public boolean update(String name, double value, int step, MetricDirection direction) {
        return metrics.computeIfAbsent(name, k -> new MetricHistory(direction)).update(value, step);
    }

    /** Whether the metric has been observed. */
    public boolean exists(String name) {
        return metrics.containsKey(name);
    }

    /** The best value of a metric in its direction, or {@code null} when unknown. */
    public Double bestValue(String name) {
        MetricHistory h = metrics.get(name);
        OptionalDouble v = h == null ? OptionalDouble.empty() : h.bestValue();
        return v.isPresent() ? v.getAsDouble() : null;
    }

    /** The step of the best value, or {@code -1}. */
    public int bestStep(String name) {
        MetricHistory h = metrics.get(name);
        return h == null ? -1 : h.bestStep();
    }

    /** The value at the latest step, or {@code null}. */
    public Double lastValue(String name) {
        MetricHistory h = metrics.get(name);
        OptionalDouble v = h == null ? OptionalDouble.empty() : h.lastValue();
        return v.isPresent() ? v.getAsDouble() : null;
    }

    /** Every metric by name. */
    public Map<String, MetricHistory> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** A deep copy. */
    public MetricsTracker copy() {
        MetricsTracker t = new MetricsTracker();
        metrics.forEach((k, v) -> t.metrics.put(k, v.copy()));
        return t;
    }

    /** Plain-data form: {@code {"metrics":{name:{...}}}}. */
    public Map<String, Object> toConfig() {
        Map<String, Object> ms = new LinkedHashMap<>();
        metrics.forEach((k, v) -> ms.put(k, v.toConfig()));
        return Map.of("metrics", ms);
    }

    /** Reads {@link #toConfig()}. */
    @SuppressWarnings("unchecked")
    public static MetricsTracker fromConfig(Map<String, Object> m) {
        MetricsTracker t = new MetricsTracker();
        Map<String, Object> ms = (Map<String, Object>) m.getOrDefault("metrics", Map.of());
        ms.forEach((k, v) -> t.metrics.put(k, MetricHistory.fromConfig((Map<String, Object>) v)));
        return t;
    }
}
