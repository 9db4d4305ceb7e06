package dev.tunebatch.hp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A choice among values of one kind: strings, integers, doubles or booleans (keras-tuner {@code hp.Choice}).
 *
 * @param ordered whether the values have a meaningful order (true by default for numbers; never for strings)
 */
public record ChoiceParam(String name, List<Object> values, boolean ordered, Object defaultValue,
                          List<Condition> conditions) implements HyperParameter {

    public ChoiceParam {
        values = List.copyOf(values);
        conditions = List.copyOf(conditions);
    }

    /** Validates and builds a choice; {@code ordered} and {@code defaultValue} may be null. */
    public static ChoiceParam of(String name, List<?> values, Boolean ordered, Object defaultValue,
                                 List<Condition> conditions) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("Hyperparameter '" + name
                    + "': a Choice needs at least one value; pass a non-empty list.");
        }
        Values.Kind kind = null;
        List<Object> copy = new ArrayList<>();
        for (Object v : values) {
            Values.Kind k = Values.kindOf(name, v);
            if (kind != null && k != kind) {
                throw new IllegalArgumentException("Hyperparameter '" + name
                        + "': a Choice contains one type of value, but " + values + " mixes " + kind + " and " + k
                        + "; make every value the same type.");
            }
            kind = k;
            for (Object seen : copy) {
                if (Values.same(seen, v)) {
                    throw new IllegalArgumentException("Hyperparameter '" + name + "': value " + v
                            + " is listed twice in " + values + "; list each value once.");
                }
            }
            copy.add(v instanceof Float f ? (Object) f.doubleValue() : v);
        }
        boolean numeric = kind == Values.Kind.INTEGRAL || kind == Values.Kind.FLOATING;
        if (Boolean.TRUE.equals(ordered) && !numeric) {
            throw new IllegalArgumentException("Hyperparameter '" + name + "': ordered=true is only for numeric "
                    + "values, got " + values + "; drop ordered or use numbers.");
        }
        boolean isOrdered = ordered == null ? numeric : ordered;
        Object def = copy.get(0);
        if (defaultValue != null) {
            def = null;
            for (Object v : copy) {
                if (Values.same(v, defaultValue)) {
                    def = v;
                }
            }
            if (def == null) {
                throw new IllegalArgumentException("Hyperparameter '" + name + "': default " + defaultValue
                        + " is not one of the values " + values + "; pick one of them.");
            }
        }
        return new ChoiceParam(name, copy, isOrdered, def, conditions);
    }

    @Override
    public Object probToValue(double p) {
        return values.get(NumericRange.probToIndex(p, values.size()));
    }

    @Override
    public double valueToProb(Object value) {
        return NumericRange.indexToProb(indexOf(value), values.size());
    }

    /** Index of a value among the choices, or an exception naming the hyperparameter. */
    public int indexOf(Object value) {
        for (int i = 0; i < values.size(); i++) {
            if (Values.same(values.get(i), value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Hyperparameter '" + name + "': " + value + " is not one of " + values
                + ".");
    }

    @Override
    public List<Object> gridValues() {
        return values;
    }

    @Override
    public String typeName() {
        return "Choice";
    }

    @Override
    public ChoiceParam withConditions(List<Condition> newConditions) {
        return new ChoiceParam(name, values, ordered, defaultValue, newConditions);
    }

    @Override
    public Object coerce(Object raw) {
        return values.get(indexOf(raw));
    }

    @Override
    public boolean accepts(Object value) {
        return values.stream().anyMatch(v -> Values.same(v, value));
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("default", defaultValue);
        s.put("values", new ArrayList<>(values));
        s.put("ordered", ordered);
        if (values.stream().anyMatch(v -> v instanceof Long)) {
            // JSON cannot tell 3 from 3L: without this hint Long choices would come back as Integers.
            s.put(Values.VALUE_TYPE_KEY, Values.LONG_TYPE);
        }
        return s;
    }
}
