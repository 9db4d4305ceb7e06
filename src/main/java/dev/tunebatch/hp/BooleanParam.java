package dev.tunebatch.hp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A true/false hyperparameter (keras-tuner {@code hp.Boolean}). */
public record BooleanParam(String name, boolean defaultBoolean, List<Condition> conditions) implements HyperParameter {

    public BooleanParam {
        conditions = List.copyOf(conditions);
    }

    @Override
    public Object defaultValue() {
        return defaultBoolean;
    }

    @Override
    public Object probToValue(double p) {
        return p >= 0.5;
    }

    @Override
    public double valueToProb(Object value) {
        return Boolean.TRUE.equals(value) ? 0.75 : 0.25;
    }

    @Override
    public List<Object> gridValues() {
        return List.of(true, false);
    }

    @Override
    public String typeName() {
        return "Boolean";
    }

    @Override
    public BooleanParam withConditions(List<Condition> newConditions) {
        return new BooleanParam(name, defaultBoolean, newConditions);
    }

    @Override
    public Object coerce(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("Hyperparameter '" + name + "': " + raw + " is not a boolean.");
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof Boolean;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("default", defaultBoolean);
        return s;
    }
}
