package dev.tunebatch.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The observations of one metric across steps (epochs). A second observation at the same step is averaged with the
 * first, as keras-tuner does for repeated executions. NaN observations never count as a best.
 */
public final class MetricHistory {

    private final MetricDirection direction;
    private final LinkedHashMap<Integer, List<Double>> observations = new LinkedHashMap<>();

    public MetricHistory(MetricDirection direction) {
        this.direction = direction;
    }

    /** A deep copy. */
    public MetricHistory copy() {
        MetricHistory h = new MetricHistory(direction);
        observations.forEach((step, values) -> h.observations.put(step, new ArrayList<>(values)));
        return h;
    }

    public MetricDirection direction() {
        return direction;
    }

    /** Records a value at a step; returns whether the best value changed. */
    public boolean update(double value, int step) {
        OptionalDouble before = bestValue();
        observations.computeIfAbsent(step, k -> new ArrayList<>()).add(value);
        OptionalDouble after = bestValue();
        return before.isPresent() != after.isPresent()
                || (after.isPresent() && Double.compare(before.getAsDouble(), after.getAsDouble()) != 0);
    }

    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /** The best per-step mean, ignoring NaN; empty when nothing (or only NaN) was observed. */
    public OptionalDouble bestValue() {
        double best = Double.NaN;
        for (List<Double> obs : observations.values()) {
            double m = mean(obs);
            if (!Double.isNaN(m) && (Double.isNaN(best) || direction.better(m, best))) {
                best = m;
            }
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    /** The first step (in insertion order) whose mean equals the best, or -1. */
    public int bestStep() {
        OptionalDouble best = bestValue();
        if (best.isEmpty()) {
            return -1;
        }
        for (Map.Entry<Integer, List<Double>> e : observations.entrySet()) {
            if (mean(e.getValue()) == best.getAsDouble()) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** The mean at the largest step, or empty. */
    public OptionalDouble lastValue() {
        if (observations.isEmpty()) {
            return OptionalDouble.empty();
        }
        int last = observations.keySet().stream().mapToInt(Integer::intValue).max().getAsInt();
        return OptionalDouble.of(mean(observations.get(last)));
    }

    /** Per-step means, sorted by step. */
    public Map<Integer, Double> history() {
        Map<Integer, Double> h = new TreeMap<>();
        observations.forEach((step, obs) -> h.put(step, mean(obs)));
        return h;
    }

    /** Plain-data form: {@code {"direction":"max","observations":[{"value":[...],"step":0}]}}. */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", direction.configName());
        List<Object> obs = new ArrayList<>();
        observations.forEach((step, values) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("value", new ArrayList<>(values));
            o.put("step", step);
            obs.add(o);
        });
        m.put("observations", obs);
        return m;
    }

    /** Reads {@link #toConfig()}. */
    @SuppressWarnings("unchecked")
    public static MetricHistory fromConfig(Map<String, Object> m) {
        MetricHistory h = new MetricHistory(MetricDirection.fromConfig((String) m.get("direction")));
        for (Map<String, Object> o : (List<Map<String, Object>>) m.getOrDefault("observations", List.of())) {
            int step = ((Number) o.get("step")).intValue();
            for (Object v : (List<Object>) o.get("value")) {
                h.observations.computeIfAbsent(step, k -> new ArrayList<>()).add(toDouble(v));
            }
        }
        return h;
    }

    static double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(String.valueOf(v));
    }
}
