package dev.tunebatch.report;

import java.util.List;

/**
 * A hyperparameter of the search space as stored in {@code tb_search.oracle_state->hyperparameters->space}, reduced
 * to what the charts need.
 *
 * @param type    keras-tuner's class name ({@code Float}, {@code Int}, {@code Choice}, {@code Boolean},
 *                {@code Fixed}), or {@code null} for a value no declared hyperparameter names
 * @param min     the lower bound of a numeric hyperparameter, or {@code null}
 * @param max     the upper bound of a numeric hyperparameter, or {@code null}
 * @param log     whether a numeric hyperparameter is sampled on a log scale
 * @param choices the declared values of a {@code Choice}, else empty
 */
record HyperparameterSpec(String name, String type, Double min, Double max, boolean log, List<Object> choices) {

    static HyperparameterSpec undeclared(String name) {
        return new HyperparameterSpec(name, null, null, null, false, List.of());
    }

    boolean numericType() {
        return "Float".equals(type) || "Int".equals(type);
    }

    boolean fixed() {
        return "Fixed".equals(type);
    }
}
