package dev.tunebatch.oracle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the oracle optimises: one metric and its direction, or a multi-objective named {@code multi_objective}
 * (minimised) whose value is Σ minimised components − Σ maximised components.
 *
 * @param components empty for a single objective
 */
public record ObjectiveSpec(String name, MetricDirection direction, List<ObjectiveSpec> components) {

    /** The name keras-tuner gives a multi-objective. */
    public static final String MULTI_OBJECTIVE = "multi_objective";

    public ObjectiveSpec {
        components = List.copyOf(components);
    }

    /** A single objective. */
    public static ObjectiveSpec single(String name, MetricDirection direction) {
        return new ObjectiveSpec(name, direction, List.of());
    }

    /** A multi-objective over single objectives. */
    public static ObjectiveSpec multi(List<ObjectiveSpec> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("objectives: pass at least one objective.");
        }
        return new ObjectiveSpec(MULTI_OBJECTIVE, MetricDirection.MIN, components);
    }

    public boolean isMulti() {
        return !components.isEmpty();
    }

    /** Every metric this objective reads, with its direction (the components of a multi-objective). */
    public Map<String, MetricDirection> directions() {
        Map<String, MetricDirection> d = new LinkedHashMap<>();
        if (isMulti()) {
            components.forEach(c -> d.put(c.name, c.direction));
        } else {
            d.put(name, direction);
        }
        return d;
    }

    /** Whether the metrics carry this objective (for a multi-objective, all components). */
    public boolean hasValue(Map<String, Double> metrics) {
        return isMulti() ? components.stream().allMatch(c -> metrics.containsKey(c.name))
                : metrics.containsKey(name);
    }

    /** The objective's value from the metrics. */
    public double value(Map<String, Double> metrics) {
        if (!isMulti()) {
            return metrics.get(name);
        }
        double sum = 0;
        for (ObjectiveSpec c : components) {
            double v = metrics.get(c.name);
            sum += c.direction == MetricDirection.MIN ? v : -v;
        }
        return sum;
    }

    /** Plain-data form. */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("direction", direction.configName());
        if (isMulti()) {
            List<Object> cs = new ArrayList<>();
            components.forEach(c -> cs.add(c.toConfig()));
            m.put("components", cs);
        }
        return m;
    }

    /** Reads {@link #toConfig()}. */
    @SuppressWarnings("unchecked")
    public static ObjectiveSpec fromConfig(Map<String, Object> m) {
        List<ObjectiveSpec> cs = new ArrayList<>();
        for (Object c : (List<Object>) m.getOrDefault("components", List.of())) {
            cs.add(fromConfig((Map<String, Object>) c));
        }
        return new ObjectiveSpec((String) m.get("name"), MetricDirection.fromConfig((String) m.get("direction")), cs);
    }

    @Override
    public String toString() {
        String single = "Objective(name=\"" + name + "\", direction=\"" + direction.configName() + "\")";
        if (!isMulti()) {
            return single;
        }
        return "Multi" + single + ": " + components;
    }
}
