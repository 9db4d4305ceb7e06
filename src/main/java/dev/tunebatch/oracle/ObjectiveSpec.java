package dev.tunebatch.oracle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the oracle optimises: one metric and its direction; a multi-objective named {@code multi_objective}
 * (minimised) whose value is Σ minimised components − Σ maximised components (keras-tuner's); or a Pareto search
 * named {@code pareto}, where each component keeps its own direction and no scalar value exists. Any of them may carry
 * constraints, bounds on reported metrics that a feasible trial respects.
 *
 * @param direction   the direction of a single or summed objective; {@code MIN} and without meaning for a Pareto search
 * @param components  empty for a single objective
 * @param constraints the bounds a feasible trial respects, possibly none
 */
public record ObjectiveSpec(String name, MetricDirection direction, List<ObjectiveSpec> components,
                            List<ConstraintSpec> constraints) {

    /** The name keras-tuner gives a multi-objective. */
    public static final String MULTI_OBJECTIVE = "multi_objective";
    /** The name of a Pareto search's objective. */
    public static final String PARETO = "pareto";

    public ObjectiveSpec {
        components = List.copyOf(components);
        constraints = List.copyOf(constraints);
    }

    /** A single objective. */
    public static ObjectiveSpec single(String name, MetricDirection direction) {
        return new ObjectiveSpec(name, direction, List.of(), List.of());
    }

    /** A multi-objective over single objectives. */
    public static ObjectiveSpec multi(List<ObjectiveSpec> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("objectives: pass at least one objective.");
        }
        return new ObjectiveSpec(MULTI_OBJECTIVE, MetricDirection.MIN, components, List.of());
    }

    /**
     * A Pareto search over single objectives, each in its own direction; one objective is simply that objective.
     * Fails naming the metric when one appears twice.
     */
    public static ObjectiveSpec pareto(List<ObjectiveSpec> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("paretoObjectives: pass at least two objectives, e.g. "
                    + "paretoObjectives(Objective.of(\"val_reward\", Direction.MAX), Objective.of(\"program_cost\", "
                    + "Direction.MIN)).");
        }
        Set<String> names = new HashSet<>();
        for (ObjectiveSpec c : components) {
            if (c.isMulti() || c.isPareto()) {
                throw new IllegalArgumentException("paretoObjectives: " + c.name() + " is not a single objective; "
                        + "pass each metric as its own Objective.");
            }
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("paretoObjectives: '" + c.name() + "' appears twice; pass each "
                        + "metric once.");
            }
        }
        if (components.size() == 1) {
            return components.get(0);
        }
        return new ObjectiveSpec(PARETO, MetricDirection.MIN, components, List.of());
    }

    /** This objective subject to {@code bounds} (replacing any it had). */
    public ObjectiveSpec withConstraints(List<ConstraintSpec> bounds) {
        return new ObjectiveSpec(name, direction, components, bounds);
    }

    /** This objective without its constraints. */
    public ObjectiveSpec withoutConstraints() {
        return constraints.isEmpty() ? this : withConstraints(List.of());
    }

    /** Whether this is keras-tuner's summed multi-objective. */
    public boolean isMulti() {
        return !components.isEmpty() && !PARETO.equals(name);
    }

    /** Whether this is a Pareto search: no scalar value, each component in its own direction. */
    public boolean isPareto() {
        return !components.isEmpty() && PARETO.equals(name);
    }

    /** Whether a trial must respect constraints to be feasible. */
    public boolean hasConstraints() {
        return !constraints.isEmpty();
    }

    /** Whether a trial's objective value is a single number (every objective but a Pareto search's). */
    public boolean isScalar() {
        return !isPareto();
    }

    /** Every metric this objective reads, with its direction (the components of a multi- or Pareto objective). */
    public Map<String, MetricDirection> directions() {
        Map<String, MetricDirection> d = new LinkedHashMap<>();
        if (components.isEmpty()) {
            d.put(name, direction);
        } else {
            components.forEach(c -> d.put(c.name, c.direction));
        }
        return d;
    }

    /** Every metric a trial must report: the objective's components, then the constrained metrics. */
    public List<String> requiredMetrics() {
        Set<String> names = new LinkedHashSet<>(directions().keySet());
        constraints.forEach(c -> names.add(c.metric()));
        return List.copyOf(names);
    }

    /** Whether the metrics carry this objective (for a multi- or Pareto objective, all components). */
    public boolean hasValue(Map<String, Double> metrics) {
        return components.isEmpty() ? metrics.containsKey(name)
                : components.stream().allMatch(c -> metrics.containsKey(c.name));
    }

    /** The objective's value from the metrics; a Pareto search has none. */
    public double value(Map<String, Double> metrics) {
        if (isPareto()) {
            throw new IllegalStateException("A Pareto search has no single objective value; read each objective "
                    + directions().keySet() + " instead.");
        }
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

    /** The sum of the constraints' violations by these metrics (0 when feasible; see {@link ConstraintSpec}). */
    public double violation(Map<String, Double> metrics) {
        double total = 0;
        for (ConstraintSpec c : constraints) {
            total += c.violation(metrics);
        }
        return total;
    }

    /** Plain-data form; {@code constraints} only when there are some. */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("direction", direction.configName());
        if (!components.isEmpty()) {
            List<Object> cs = new ArrayList<>();
            components.forEach(c -> cs.add(c.toConfig()));
            m.put("components", cs);
        }
        if (!constraints.isEmpty()) {
            List<Object> cs = new ArrayList<>();
            constraints.forEach(c -> cs.add(c.toConfig()));
            m.put("constraints", cs);
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
        List<ConstraintSpec> bounds = new ArrayList<>();
        for (Object c : (List<Object>) m.getOrDefault("constraints", List.of())) {
            bounds.add(ConstraintSpec.fromConfig((Map<String, Object>) c));
        }
        return new ObjectiveSpec((String) m.get("name"), MetricDirection.fromConfig((String) m.get("direction")), cs,
                bounds);
    }

    @Override
    public String toString() {
        String single = "Objective(name=\"" + name + "\", direction=\"" + direction.configName() + "\")";
        String text = isPareto() ? "Pareto(objectives=" + components + ")"
                : isMulti() ? "Multi" + single + ": " + components : single;
        return constraints.isEmpty() ? text : text + " subject to " + constraints;
    }
}
