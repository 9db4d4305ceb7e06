package dev.tunebatch.lm.reward;

import dev.tunebatch.lm.usage.CallContext;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * 1.0 when the prediction equals the target after the masks are applied (both non-null), else 0.0. Named
 * {@code exact_match}.
 */
public final class ExactMatch implements Reward {

    private final Masks masks;

    /** Compares whole objects. */
    public ExactMatch() {
        this(Masks.NONE);
    }

    public ExactMatch(Masks masks) {
        this.masks = masks;
    }

    /** Compares only the fields {@code inMask}. */
    public static ExactMatch onFields(String... inMask) {
        return new ExactMatch(new Masks(List.of(inMask), null));
    }

    /** Compares everything except the fields {@code outMask}. */
    public static ExactMatch ignoring(String... outMask) {
        return new ExactMatch(new Masks(null, List.of(outMask)));
    }

    @Override
    public String name() {
        return "exact_match";
    }

    /** The score, synchronously. */
    public double compute(JsonNode yTrue, JsonNode yPred) {
        if (yTrue == null || yPred == null || yTrue.isNull() || yPred.isNull()) {
            return 0.0;
        }
        return masks.apply(yTrue).equals(masks.apply(yPred)) ? 1.0 : 0.0;
    }

    @Override
    public CompletionStage<Double> score(JsonNode yTrue, JsonNode yPred, CallContext context) {
        return CompletableFuture.completedFuture(compute(yTrue, yPred));
    }
}
