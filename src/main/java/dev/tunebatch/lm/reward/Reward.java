package dev.tunebatch.lm.reward;

import dev.tunebatch.lm.usage.CallContext;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/**
 * Scores a prediction against its target, in [0, 1], higher is better (rewards are maximised by construction). A
 * null prediction (the program failed or abstained) scores 0 unless a reward says otherwise.
 */
public interface Reward {

    /** The reward's name ({@code exact_match}, ...). */
    String name();

    /**
     * Scores one prediction; rewards that call a model charge {@code context} (phase reward).
     *
     * @param yTrue the target
     * @param yPred the prediction, or {@code null}
     */
    CompletionStage<Double> score(JsonNode yTrue, JsonNode yPred, CallContext context);
}
