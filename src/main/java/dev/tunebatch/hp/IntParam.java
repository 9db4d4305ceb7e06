package dev.tunebatch.hp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An integer hyperparameter on {@code [min, max]}, max inclusive (keras-tuner {@code hp.Int}). Linear sampling
 * without a step means step 1.
 *
 * @param step grid step, or {@code null} (only for log sampling: a continuous log range truncated to integers)
 */
public record IntParam(String name, int min, int max, Integer step, Sampling sampling, int defaultInt,
                       List<Condition> conditions) implements HyperParameter {

    public IntParam {
        sampling = sampling == null ? Sampling.LINEAR : sampling;
        if (step == null && sampling == Sampling.LINEAR) {
            step = 1;
        }
        NumericRange.check(name, min, max, step == null ? null : step.doubleValue(), sampling);
        if (defaultInt < min || defaultInt > max) {
            throw new IllegalArgumentException("Hyperparameter '" + name + "': default " + defaultInt
                    + " is outside [" + min + ", " + max + "]; pass a default inside the range.");
        }
        conditions = List.copyOf(conditions);
    }

    /** Rejects bounds that are not whole numbers ({@code Int("n", 1.5, 4)} in keras-tuner). */
    public static int requireIntegral(String name, String field, double value) {
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Hyperparameter '" + name + "': " + field + " must be an int, got "
                    + value + ".");
        }
        return (int) value;
    }

    private NumericRange range() {
        return new NumericRange(min, max, step == null ? null : step.doubleValue(), sampling);
    }

    @Override
    public Object probToValue(double p) {
        NumericRange r = range();
        if (step == null) {
            int v = (int) r.sample(p, max + 1.0);
            return Math.min(v, max);
        }
        return (int) r.valueByIndex(NumericRange.probToIndex(p, r.valueCount()));
    }

    @Override
    public double valueToProb(Object value) {
        int v = ((Number) value).intValue();
        return step == null ? range().toProb(v + 0.5, max + 1.0) : range().toProbWithStep(v);
    }

    @Override
    public List<Object> gridValues() {
        NumericRange r = range();
        if (step != null) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < r.valueCount(); i++) {
                values.add((int) r.valueByIndex(i));
            }
            return values;
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            set.add((Integer) probToValue(i * 0.1 + 0.05));
        }
        return new ArrayList<>(set);
    }

    @Override
    public Object defaultValue() {
        return defaultInt;
    }

    @Override
    public String typeName() {
        return "Int";
    }

    @Override
    public IntParam withConditions(List<Condition> newConditions) {
        return new IntParam(name, min, max, step, sampling, defaultInt, newConditions);
    }

    @Override
    public Object coerce(Object raw) {
        return ((Number) raw).intValue();
    }

    @Override
    public boolean accepts(Object value) {
        return Values.isIntegral(value) && ((Number) value).longValue() >= min && ((Number) value).longValue() <= max;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("default", defaultInt);
        s.put("min_value", min);
        s.put("max_value", max);
        s.put("step", step);
        s.put("sampling", sampling.configName());
        return s;
    }
}
