package dev.tunebatch.hp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hyperparameter is active only while the hyperparameter {@code name} holds one of {@code values}
 * (keras-tuner's {@code Parent} condition).
 *
 * @param name   full name of the parent hyperparameter
 * @param values the parent values under which the condition holds
 */
public record Condition(String name, List<Object> values) {

    public Condition {
        Objects.requireNonNull(name, "name");
        values = List.copyOf(values);
    }

    /** Whether the condition holds for these active values. */
    public boolean isActive(Map<String, Object> activeValues) {
        if (!activeValues.containsKey(name)) {
            return false;
        }
        Object current = activeValues.get(name);
        for (Object v : values) {
            if (Values.same(v, current)) {
                return true;
            }
        }
        return false;
    }

    /** Plain-data form, JSON-ready. */
    public Map<String, Object> toConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("values", new ArrayList<>(values));
        return config;
    }

    /**
     * Reads {@link #toConfig()}, and also keras-tuner's serialised forms
     * ({@code {"class_name":"Parent","config":{...}}}, with or without {@code module}/{@code registered_name}).
     */
    @SuppressWarnings("unchecked")
    public static Condition fromConfig(Map<String, Object> config) {
        Map<String, Object> body = config.containsKey("config")
                ? (Map<String, Object>) config.get("config") : config;
        return new Condition((String) body.get("name"), (List<Object>) body.get("values"));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Condition other) || !name.equals(other.name) || values.size() != other.values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Values.same(values.get(i), other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
