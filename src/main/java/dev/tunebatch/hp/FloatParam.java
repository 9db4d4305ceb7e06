package dev.tunebatch.hp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A floating-point hyperparameter on {@code [min, max]} (keras-tuner {@code hp.Float}).
 *
 * @param step         grid step, or {@code null} for a continuous range (a multiplicative factor for log sampling)
 * @param defaultDouble the default, {@code min} unless given
 */
public record FloatParam(String name, double min, double max, Double step, Sampling sampling, double defaultDouble,
                         List<Condition> conditions) implements HyperParameter {

    public FloatParam {
        sampling = sampling == null ? Sampling.LINEAR : sampling;
        NumericRange.check(name, min, max, step, sampling);
        if (defaultDouble < min || defaultDouble > max || Double.isNaN(defaultDouble)) {
            throw new IllegalArgumentException("Hyperparameter '" + name + "': default " + defaultDouble
                    + " is outside [" + min + ", " + max + "]; pass a default inside the range.");
        }
        conditions = List.copyOf(conditions);
    }

    private NumericRange range() {
        return new NumericRange(min, max, step, sampling);
    }

    @Override
    public Object probToValue(double p) {
        NumericRange r = range();
        if (step == null) {
            return r.sample(p, max);
        }
        return r.valueByIndex(NumericRange.probToIndex(p, r.valueCount()));
    }

    @Override
    public double valueToProb(Object value) {
        double v = ((Number) value).doubleValue();
        return step == null ? range().toProb(v, max) : range().toProbWithStep(v);
    }

    /**
     * With a step, every step value; without one, ten evenly spaced quantiles in ascending order (keras-tuner uses
     * the same ten points but in Python set order; sorting is our documented deviation).
     */
    @Override
    public List<Object> gridValues() {
        if (step != null) {
            NumericRange r = range();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < r.valueCount(); i++) {
                values.add(r.valueByIndex(i));
            }
            return values;
        }
        TreeSet<Double> set = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            set.add((Double) probToValue(i * 0.1 + 0.05));
        }
        return new ArrayList<>(set);
    }

    @Override
    public Object defaultValue() {
        return defaultDouble;
    }

    @Override
    public String typeName() {
        return "Float";
    }

    @Override
    public FloatParam withConditions(List<Condition> newConditions) {
        return new FloatParam(name, min, max, step, sampling, defaultDouble, newConditions);
    }

    @Override
    public Object coerce(Object raw) {
        return ((Number) raw).doubleValue();
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof Number n
                && n.doubleValue() >= min && n.doubleValue() <= max;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("default", defaultDouble);
        s.put("min_value", min);
        s.put("max_value", max);
        s.put("step", step);
        s.put("sampling", sampling.configName());
        return s;
    }
}
