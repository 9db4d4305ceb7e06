package dev.tunebatch.oracle;

import dev.tunebatch.hp.Values;
import dev.tunebatch.oracle.pareto.ParetoRanking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a search's trials under its {@link ObjectiveSpec}: the trials that completed with a value for every
 * objective first, ranked; then every other trial in creation order.
 *
 * <ul>
 *   <li>A single or summed objective without constraints: by score in its direction, ties in creation order
 *   (keras-tuner's order).</li>
 *   <li>With constraints: every feasible trial before every infeasible one; the infeasible ones by their total
 *   violation (each constraint's excess relative to its bound), then by objective.</li>
 *   <li>A Pareto search: by non-dominated front (constrained dominance), and within a front by exclusive hypervolume
 *   contribution, largest first (see {@link ParetoRanking}); ties in creation order. The first front is the Pareto
 *   front.</li>
 * </ul>
 */
public final class TrialRanking {

    private TrialRanking() {
    }

    /** A trial's objective values turned "lower is better" (NaN where one is missing). */
    public static double[] minimised(ObjectiveSpec objective, Trial trial) {
        if (objective.isScalar()) {
            Double s = trial.score();
            double v = s == null ? Double.NaN : s;
            return new double[] {objective.direction() == MetricDirection.MAX ? -v : v};
        }
        List<ObjectiveSpec> components = objective.components();
        double[] y = new double[components.size()];
        for (int j = 0; j < y.length; j++) {
            ObjectiveSpec c = components.get(j);
            Double v = trial.metrics().bestValue(c.name());
            y[j] = v == null ? Double.NaN : (c.direction() == MetricDirection.MAX ? -v : v);
        }
        return y;
    }

    /** The value of a constrained metric: its best value when it is an objective, else its last one. */
    public static Double constrainedValue(ObjectiveSpec objective, Trial trial, String metric) {
        return objective.directions().containsKey(metric) ? trial.metrics().bestValue(metric)
                : trial.metrics().lastValue(metric);
    }

    /** A trial's total constraint violation: 0 when feasible, positive infinity when a constrained metric is missing. */
    public static double violation(ObjectiveSpec objective, Trial trial) {
        double total = 0;
        for (ConstraintSpec c : objective.constraints()) {
            Double v = constrainedValue(objective, trial, c.metric());
            total += c.violation(v == null ? Double.NaN : v);
        }
        return total;
    }

    /** Whether a trial respects every constraint. */
    public static boolean feasible(ObjectiveSpec objective, Trial trial) {
        return violation(objective, trial) == 0;
    }

    /** Whether a trial completed with a value for every objective, so that it takes part in the ranking. */
    public static boolean ranked(ObjectiveSpec objective, Trial trial) {
        if (trial.status() != TrialStatus.COMPLETED) {
            return false;
        }
        for (double v : minimised(objective, trial)) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    /** The ranked trials of {@code trials} best first, then the others in the order given. */
    public static List<Trial> bestFirst(ObjectiveSpec objective, Collection<Trial> trials) {
        List<Trial> ranked = new ArrayList<>();
        List<Trial> others = new ArrayList<>();
        for (Trial t : trials) {
            (ranked(objective, t) ? ranked : others).add(t);
        }
        List<Trial> result = new ArrayList<>(trials.size());
        if (objective.isScalar() && !objective.hasConstraints()) {
            Comparator<Trial> byScore = Comparator.comparingDouble(Trial::score);
            ranked.sort(objective.direction() == MetricDirection.MAX ? byScore.reversed() : byScore);
            result.addAll(ranked);
        } else {
            ParetoRanking ranking = rank(objective, ranked);
            for (int i : ranking.order()) {
                result.add(ranked.get(i));
            }
        }
        result.addAll(others);
        return result;
    }

    /**
     * The first front of the ranked trials, best first: the non-dominated feasible trials (or, when none is
     * feasible, the least violating); for a single or summed objective, the best trial alone.
     */
    public static List<Trial> front(ObjectiveSpec objective, Collection<Trial> trials) {
        List<Trial> ranked = trials.stream().filter(t -> ranked(objective, t)).toList();
        if (ranked.isEmpty()) {
            return List.of();
        }
        if (objective.isScalar()) {
            return List.of(bestFirst(objective, ranked).get(0));
        }
        ParetoRanking ranking = rank(objective, ranked);
        List<Trial> front = new ArrayList<>();
        for (int i : ranking.firstFront()) {
            front.add(ranked.get(i));
        }
        return front;
    }

    /** The ranking of {@code ranked} (trials that all have every objective value), by index. */
    public static ParetoRanking rank(ObjectiveSpec objective, List<Trial> ranked) {
        double[][] y = new double[ranked.size()][];
        double[] violation = new double[ranked.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = minimised(objective, ranked.get(i));
            violation[i] = violation(objective, ranked.get(i));
        }
        return ParetoRanking.of(y, violation);
    }

    /** Each trial's front (0 = first) among {@code trials}, by id; trials outside the ranking are absent. */
    public static Map<String, Integer> fronts(ObjectiveSpec objective, Collection<Trial> trials) {
        List<Trial> ranked = trials.stream().filter(t -> ranked(objective, t)).toList();
        ParetoRanking ranking = rank(objective, ranked);
        Map<String, Integer> fronts = new LinkedHashMap<>();
        for (int i : ranking.order()) {
            fronts.put(ranked.get(i).id(), ranking.rank()[i]);
        }
        return fronts;
    }

    /** The constraints a trial violates, each with the trial's value ({@code "program_cost <= 0.5 (0.73)"}). */
    public static List<String> violations(ObjectiveSpec objective, Trial trial) {
        List<String> violated = new ArrayList<>();
        for (ConstraintSpec c : objective.constraints()) {
            Double v = constrainedValue(objective, trial, c.metric());
            if (c.violation(v == null ? Double.NaN : v) > 0) {
                violated.add(c + " (" + (v == null ? "missing" : Values.pythonStr(v)) + ")");
            }
        }
        return violated;
    }

    /**
     * What a results summary adds to a trial's keras-tuner summary: a Pareto trial's objective values and front
     * ({@code front} counts from 0, shown from 1), and the constraints an infeasible trial violates; empty otherwise.
     */
    public static String annotation(ObjectiveSpec objective, Trial trial, Integer front) {
        StringBuilder sb = new StringBuilder();
        if (objective.isPareto() && trial.status() == TrialStatus.COMPLETED) {
            StringBuilder values = new StringBuilder();
            for (String name : objective.directions().keySet()) {
                Double v = trial.metrics().bestValue(name);
                values.append(values.isEmpty() ? "" : ", ").append(name).append(": ").append(Values.pythonStr(v));
            }
            sb.append("Objectives: ").append(values).append('\n');
            if (front != null) {
                sb.append("Front: ").append(front + 1).append('\n');
            }
        }
        if (objective.hasConstraints() && trial.status() == TrialStatus.COMPLETED) {
            List<String> violated = violations(objective, trial);
            if (!violated.isEmpty()) {
                sb.append("Infeasible: ").append(String.join("; ", violated)).append('\n');
            }
        }
        return sb.toString();
    }
}
