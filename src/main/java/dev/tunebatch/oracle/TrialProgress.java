package dev.tunebatch.oracle;

import dev.tunebatch.hp.Values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What a trial reported while it ran, beyond its final metrics: the objective's value after each epoch of each
 * execution (the intermediate values pruning looks at), the last epoch a pruning decision was taken for (so that an
 * epoch reported again after a restart reuses its decision), the reduced metrics of each finished execution and the
 * spread of the objective over them, the trial's consumption of per-trial budgets, and where its configuration came
 * from (enqueued, a warm start, a drift check). Stored in the trial's document; empty parts are left out of it.
 */
public final class TrialProgress {

    private final List<List<Double>> curves = new ArrayList<>();
    private int[] decidedThrough;
    private final List<Map<String, Double>> executions = new ArrayList<>();
    private Double scoreSd;
    private final Map<String, Double> consumed = new LinkedHashMap<>();
    private final Map<String, Object> origin = new LinkedHashMap<>();
    /** The oracle's expected score, set on copies handed out by a ranking; never stored. */
    private Double expected;

    /** Records the objective's value after {@code epoch} (0-based) of {@code execution} (0-based), replacing any. */
    public void recordIntermediate(int execution, int epoch, double value) {
        while (curves.size() <= execution) {
            curves.add(new ArrayList<>());
        }
        List<Double> curve = curves.get(execution);
        while (curve.size() <= epoch) {
            curve.add(null);
        }
        curve.set(epoch, value);
    }

    /** The objective per epoch: the mean over the executions that reported that epoch (NaN values left out). */
    public Map<Integer, Double> curve() {
        Map<Integer, double[]> sums = new TreeMap<>();
        for (List<Double> c : curves) {
            for (int k = 0; k < c.size(); k++) {
                Double v = c.get(k);
                if (v != null && !v.isNaN()) {
                    double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                    s[0] += v;
                    s[1]++;
                }
            }
        }
        Map<Integer, Double> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }

    /** The best value of {@link #curve()} over epochs {@code 0..epoch}, in {@code direction}. */
    public OptionalDouble bestUpTo(int epoch, MetricDirection direction) {
        double best = Double.NaN;
        for (Map.Entry<Integer, Double> e : curve().entrySet()) {
            if (e.getKey() <= epoch && (Double.isNaN(best) || direction.better(e.getValue(), best))) {
                best = e.getValue();
            }
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    /** Whether a decision was already taken for this epoch of this execution (or a later one). */
    public boolean decided(int execution, int epoch) {
        return decidedThrough != null && (decidedThrough[0] > execution
                || (decidedThrough[0] == execution && decidedThrough[1] >= epoch));
    }

    /** Records that the trial was told to go on after this epoch of this execution. */
    public void decide(int execution, int epoch) {
        if (!decided(execution, epoch)) {
            decidedThrough = new int[] {execution, epoch};
        }
    }

    /** The reduced metrics of each finished execution, in order. */
    public List<Map<String, Double>> executions() {
        return executions.stream().map(m -> (Map<String, Double>) new LinkedHashMap<>(m)).toList();
    }

    /** Records the reduced metrics of execution {@code index}, unless it was recorded already. */
    public boolean recordExecution(int index, Map<String, Double> metrics) {
        if (index != executions.size()) {
            return false;
        }
        executions.add(new LinkedHashMap<>(metrics));
        return true;
    }

    /** The standard deviation of the objective over the executions (sample, n − 1), or {@code null} for one. */
    public Double scoreSd() {
        return scoreSd;
    }

    public void setScoreSd(Double scoreSd) {
        this.scoreSd = scoreSd;
    }

    /** How many executions were averaged into the score (1 without repeated executions). */
    public int executionCount() {
        return Math.max(1, executions.size());
    }

    /** The trial's running total of a budget metric. */
    public double consumed(String metric) {
        return consumed.getOrDefault(metric, 0.0);
    }

    /** Every budget metric the trial consumed. */
    public Map<String, Double> consumed() {
        return Map.copyOf(consumed);
    }

    public void addConsumed(String metric, double amount) {
        consumed.merge(metric, amount, Double::sum);
    }

    /** Where the configuration came from ({@code kind}: enqueued, warm_start, drift_check), or empty. */
    public Map<String, Object> origin() {
        return Map.copyOf(origin);
    }

    public void setOrigin(Map<String, Object> from) {
        origin.clear();
        if (from != null) {
            origin.putAll(from);
        }
    }

    /** The expected score given by the ranking that handed out this copy, or {@code null}. */
    public Double expected() {
        return expected;
    }

    public void setExpected(Double expected) {
        this.expected = expected;
    }

    TrialProgress copy() {
        TrialProgress p = new TrialProgress();
        curves.forEach(c -> p.curves.add(new ArrayList<>(c)));
        p.decidedThrough = decidedThrough == null ? null : decidedThrough.clone();
        executions.forEach(e -> p.executions.add(new LinkedHashMap<>(e)));
        p.scoreSd = scoreSd;
        p.consumed.putAll(consumed);
        p.origin.putAll(origin);
        p.expected = expected;
        return p;
    }

    void toConfig(Map<String, Object> m) {
        if (!curves.isEmpty()) {
            m.put("intermediate_values", curves.stream().map(ArrayList::new).toList());
        }
        if (decidedThrough != null) {
            m.put("decided_through", List.of(decidedThrough[0], decidedThrough[1]));
        }
        if (!executions.isEmpty()) {
            m.put("executions", executions.stream().map(LinkedHashMap::new).toList());
        }
        if (scoreSd != null) {
            m.put("score_sd", scoreSd);
        }
        if (!consumed.isEmpty()) {
            m.put("consumed", new LinkedHashMap<>(consumed));
        }
        if (!origin.isEmpty()) {
            m.put("origin", new LinkedHashMap<>(origin));
        }
    }

    @SuppressWarnings("unchecked")
    static TrialProgress fromConfig(Map<String, Object> m) {
        TrialProgress p = new TrialProgress();
        for (Object c : (List<Object>) m.getOrDefault("intermediate_values", List.of())) {
            List<Double> curve = new ArrayList<>();
            for (Object v : (List<Object>) c) {
                curve.add(v == null ? null : MetricHistory.toDouble(v));
            }
            p.curves.add(curve);
        }
        if (m.get("decided_through") instanceof List<?> d && d.size() == 2) {
            p.decidedThrough = new int[] {((Number) d.get(0)).intValue(), ((Number) d.get(1)).intValue()};
        }
        for (Object e : (List<Object>) m.getOrDefault("executions", List.of())) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            ((Map<String, Object>) e).forEach((k, v) -> metrics.put(k, v == null ? Double.NaN
                    : MetricHistory.toDouble(v)));
            p.executions.add(metrics);
        }
        p.scoreSd = m.get("score_sd") == null ? null : MetricHistory.toDouble(m.get("score_sd"));
        ((Map<String, Object>) m.getOrDefault("consumed", Map.of()))
                .forEach((k, v) -> p.consumed.put(k, MetricHistory.toDouble(v)));
        p.origin.putAll((Map<String, Object>) m.getOrDefault("origin", Map.of()));
        return p;
    }

    /** Summary lines: the executions and their spread, the expected score, the origin. */
    void summaryLines(StringBuilder sb) {
        if (executions.size() > 1) {
            sb.append("Executions: ").append(executions.size());
            if (scoreSd != null) {
                sb.append(" (standard deviation ").append(Values.pythonStr(scoreSd)).append(')');
            }
            sb.append('\n');
        }
        if (expected != null) {
            sb.append("Expected score: ").append(Values.pythonStr(expected)).append('\n');
        }
        if (!origin.isEmpty()) {
            sb.append("Origin: ").append(describe(origin)).append('\n');
        }
    }

    /** "enqueued", "warm start from trial 03 of runs/old", "drift check of trial 03". */
    public static String describe(Map<String, Object> origin) {
        Object kind = origin.get("kind");
        if ("drift_check".equals(kind)) {
            return "drift check of trial " + origin.get("of") + " (run " + origin.get("run") + ")";
        }
        if ("warm_start".equals(kind)) {
            return "warm start from trial " + origin.get("trial") + " of " + origin.get("from");
        }
        return String.valueOf(kind);
    }
}
