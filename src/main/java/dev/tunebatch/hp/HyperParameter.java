package dev.tunebatch.hp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dimension of a search space. Every type maps a cumulative probability {@code p ∈ [0, 1)} to a value and back
 * with keras-tuner's formulas; random sampling and Bayesian optimisation work through these mappings.
 */
public sealed interface HyperParameter permits FloatParam, IntParam, ChoiceParam, BooleanParam, FixedParam {

    /** Full name, including name scopes ({@code "block/units"}). */
    String name();

    /** Conditions under which this hyperparameter is active; empty for an unconditional one. */
    List<Condition> conditions();

    /** The value used while the space is populated and by grid search's first trial. */
    Object defaultValue();

    /** The value at cumulative probability {@code p}. */
    Object probToValue(double p);

    /** The cumulative probability of a value (the centre of its bucket for discrete types). */
    double valueToProb(Object value);

    /** The values a grid enumerates, in this type's natural order (not default-first). */
    List<Object> gridValues();

    /** keras-tuner's class name: Float, Int, Choice, Boolean, Fixed. */
    String typeName();

    /** The same hyperparameter under other conditions. */
    HyperParameter withConditions(List<Condition> conditions);

    /**
     * Converts a value read back from JSON (where {@code 3}, {@code 3L} and {@code 3.0} may have changed type) into
     * this hyperparameter's own type.
     */
    Object coerce(Object raw);

    /** Whether a value can be held by this hyperparameter. */
    boolean accepts(Object value);

    /** Type-specific settings, in keras-tuner's key order, without name and conditions. */
    Map<String, Object> settings();

    /** The full plain-data config: {@code name}, {@code conditions}, then {@link #settings()}. */
    default Map<String, Object> toConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name());
        config.put("conditions", conditions().stream().map(Condition::toConfig).toList());
        config.putAll(settings());
        return config;
    }

    /** Grid values with the default first, then the others in their order (keras-tuner's grid list). */
    default List<Object> defaultFirstValues() {
        Object def = defaultValue();
        java.util.ArrayList<Object> list = new java.util.ArrayList<>();
        list.add(def);
        for (Object v : gridValues()) {
            if (!Values.same(v, def)) {
                list.add(v);
            }
        }
        return list;
    }
}
