package dev.tunebatch.hp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hyperparameter pinned to one value (keras-tuner {@code hp.Fixed}); it takes no dimension in the search. */
public record FixedParam(String name, Object value, List<Condition> conditions) implements HyperParameter {

    public FixedParam {
        Values.kindOf(name, value);
        conditions = List.copyOf(conditions);
    }

    @Override
    public Object defaultValue() {
        return value;
    }

    @Override
    public Object probToValue(double p) {
        return value;
    }

    @Override
    public double valueToProb(Object v) {
        return 0.5;
    }

    @Override
    public List<Object> gridValues() {
        return List.of(value);
    }

    @Override
    public String typeName() {
        return "Fixed";
    }

    @Override
    public FixedParam withConditions(List<Condition> newConditions) {
        return new FixedParam(name, value, newConditions);
    }

    @Override
    public Object coerce(Object raw) {
        return Values.same(raw, value) ? value : raw;
    }

    @Override
    public boolean accepts(Object v) {
        return Values.same(v, value);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("value", value);
        if (value instanceof Long) {
            s.put(Values.VALUE_TYPE_KEY, Values.LONG_TYPE);
        }
        return s;
    }
}
