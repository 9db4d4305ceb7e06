package dev.tunebatch.hp;

import java.util.List;
import java.util.Map;

/** Reads hyperparameter configs written by {@link HyperParameter#toConfig()} (keras-tuner's key names). */
final class HyperParameterConfigs {

    private HyperParameterConfigs() {
    }

    @SuppressWarnings("unchecked")
    static HyperParameter read(String className, Map<String, Object> c) {
        String name = (String) c.get("name");
        List<Condition> conditions = ((List<Map<String, Object>>) c.getOrDefault("conditions", List.of())).stream()
                .map(Condition::fromConfig).toList();
        return switch (className) {
            case "Float" -> new FloatParam(name, num(c, "min_value"), num(c, "max_value"),
                    c.get("step") == null ? null : num(c, "step"), Sampling.fromConfig((String) c.get("sampling")),
                    c.get("default") == null ? num(c, "min_value") : num(c, "default"), conditions);
            case "Int" -> new IntParam(name, (int) num(c, "min_value"), (int) num(c, "max_value"),
                    c.get("step") == null ? null : (int) num(c, "step"),
                    Sampling.fromConfig((String) c.get("sampling")),
                    c.get("default") == null ? (int) num(c, "min_value") : (int) num(c, "default"), conditions);
            case "Choice" -> ChoiceParam.of(name, (List<Object>) c.get("values"), (Boolean) c.get("ordered"),
                    c.get("default"), conditions);
            case "Boolean" -> new BooleanParam(name, Boolean.TRUE.equals(c.get("default")), conditions);
            case "Fixed" -> new FixedParam(name, c.get("value"), conditions);
            default -> throw new IllegalArgumentException("Unknown hyperparameter class '" + className
                    + "' in stored search space; expected Float, Int, Choice, Boolean or Fixed.");
        };
    }

    private static double num(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).doubleValue();
    }
}
