package dev.tunebatch.oracle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Infers whether a metric is maximised or minimised from its name: first the Synalinks metric registry (after
 * stripping one {@code val_}), then keras-tuner's own table (after stripping {@code val_} and {@code weighted_}).
 * Unlike keras-tuner, F-scores are maximised.
 */
public final class MetricDirections {

    private static final Map<String, MetricDirection> REGISTRY = registry();

    private MetricDirections() {
    }

    private static Map<String, MetricDirection> registry() {
        Map<String, MetricDirection> m = new LinkedHashMap<>();
        m.put("reward", MetricDirection.MAX);
        for (String prefix : new String[] {"", "binary_", "categorical_"}) {
            for (String base : new String[] {"accuracy", "precision", "recall", "fbeta_score", "f1_score"}) {
                m.put(prefix + base, MetricDirection.MAX);
            }
        }
        m.put("pass_at_k", MetricDirection.MAX);
        m.put("pass_hat_k", MetricDirection.MAX);
        m.put("gap_k", MetricDirection.MIN);
        for (String op : new String[] {"calls", "elapsed_time", "calls_per_second", "cost", "avg_cost_per_invocation"}) {
            m.put("program_" + op, MetricDirection.MIN);
        }
        return Map.copyOf(m);
    }

    /** The direction of {@code name}, or empty when neither table knows it. */
    public static Optional<MetricDirection> infer(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String stripped = name.startsWith("val_") ? name.substring(4) : name;
        MetricDirection hit = REGISTRY.get(stripped);
        if (hit != null) {
            return Optional.of(hit);
        }
        String kt = stripped.startsWith("weighted_") ? stripped.substring("weighted_".length()) : stripped;
        return switch (kt) {
            case "loss", "crossentropy", "ce" -> Optional.of(MetricDirection.MIN);
            case "acc" -> Optional.of(MetricDirection.MAX);
            default -> Optional.empty();
        };
    }
}
