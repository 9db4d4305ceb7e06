package dev.tunebatch.program;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A trainable program the tuner drives (an LM program, or any model whose training is asynchronous). Implement these
 * three methods; everything else a program can offer (checkpointing) comes through other interfaces.
 */
public interface Program {

    /** Trains asynchronously; the history holds one value per epoch per metric. */
    CompletionStage<History> fit(FitArgs args);

    /** Evaluates asynchronously; returns one value per metric. */
    CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args);

    /** Whether the program has an optimizer; without one the tuner evaluates instead of fitting. */
    boolean hasOptimizer();
}
