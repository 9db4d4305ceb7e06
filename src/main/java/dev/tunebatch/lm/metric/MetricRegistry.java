package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The directions of the metric names this runtime ships, as in Synalinks' metric registry: {@code reward} and quality metrics up, program costs down, LM counters without direction. Names are looked up
 * after stripping one {@code val_}.
 */
public final class MetricRegistry {

    private static final Map<String, Metric.Direction> DIRECTIONS = build();

    private MetricRegistry() {
    }

    private static Map<String, Metric.Direction> build() {
        Map<String, Metric.Direction> m = new LinkedHashMap<>();
        m.put("reward", Metric.Direction.UP);
        for (String n : new String[] {"accuracy", "precision", "recall", "fbeta_score", "f1_score"}) {
            m.put(n, Metric.Direction.UP);
        }
        for (String n : new String[] {"program_calls", "program_cost", "program_elapsed_time"}) {
            m.put(n, Metric.Direction.DOWN);
        }
        m.put("mean", Metric.Direction.NONE);
        m.put("sum", Metric.Direction.NONE);
        for (Phase p : Phase.values()) {
            for (String base : new String[] {"input_tokens", "output_tokens", "total_tokens", "cost", "failed_calls",
                    "failed_attempts", "calls", "avg_latency", "cache_hit_rate"}) {
                m.put(LmOperationalMetric.nameFor(base, p), Metric.Direction.NONE);
            }
        }
        return Map.copyOf(m);
    }

    /** The direction registered for {@code name} (one {@code val_} stripped), or empty for unknown names. */
    public static Optional<Metric.Direction> direction(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String stripped = name.startsWith("val_") ? name.substring(4) : name;
        return Optional.ofNullable(DIRECTIONS.get(stripped));
    }

    /** Every registered name and its direction. */
    public static Map<String, Metric.Direction> all() {
        return DIRECTIONS;
    }
}
