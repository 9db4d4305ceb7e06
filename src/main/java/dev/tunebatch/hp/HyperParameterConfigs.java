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
            case "Int" -> new IntParam(name, integral(c, name, "min_value"), integral(c, name, "max_value"),
                    c.get("step") == null ? null : integral(c, name, "step"),
                    Sampling.fromConfig((String) c.get("sampling")),
                    integral(c, name, c.get("default") == null ? "min_value" : "default"), conditions);
            case "Choice" -> ChoiceParam.of(name, typed(c, (List<Object>) c.get("values")), (Boolean) c.get("ordered"),
                    typed(c, c.get("default")), conditions);
            case "Boolean" -> new BooleanParam(name, Boolean.TRUE.equals(c.get("default")), conditions);
            case "Fixed" -> new FixedParam(name, typed(c, c.get("value")), conditions);
            default -> throw new IllegalArgumentException("Unknown hyperparameter class '" + className
                    + "' in stored search space; expected Float, Int, Choice, Boolean or Fixed.");
        };
    }

    /** Applies the {@code value_type} hint: integral values of a Long-valued hyperparameter become Longs. */
    private static List<Object> typed(Map<String, Object> c, List<Object> values) {
        if (values == null || !Values.LONG_TYPE.equals(c.get(Values.VALUE_TYPE_KEY))) {
            return values;
        }
        return values.stream().map(Values::toLongIfIntegral).toList();
    }

    private static Object typed(Map<String, Object> c, Object value) {
        return Values.LONG_TYPE.equals(c.get(Values.VALUE_TYPE_KEY)) ? Values.toLongIfIntegral(value) : value;
    }

    private static int integral(Map<String, Object> c, String name, String key) {
        return IntParam.requireIntegral(name, key, num(c, key));
    }

    private static double num(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).doubleValue();
    }
}
