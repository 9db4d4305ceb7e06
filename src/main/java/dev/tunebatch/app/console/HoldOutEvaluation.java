package dev.tunebatch.app.console;

import dev.tunebatch.hp.HyperParameters;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a search scores its best configuration on data the search never saw (the test split): declare one as a bean
 * next to the search's {@code SearchDefinition}. After the search, the command line rebuilds the best program from
 * the best trial's hyperparameters with {@code evaluate} (typically: build, fit on the training data, evaluate on
 * the test data) and prints the metrics it returns.
 *
 * @param search      the search's name
 * @param data        what the metrics are measured on, for the operator, e.g. "test split of 80 utterances"
 * @param evaluate    the best hyperparameters → metrics on the held-out data
 */
public record HoldOutEvaluation(String search, String data,
                                Function<HyperParameters, Map<String, Double>> evaluate) {

    public HoldOutEvaluation {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(evaluate, "evaluate");
    }
}
