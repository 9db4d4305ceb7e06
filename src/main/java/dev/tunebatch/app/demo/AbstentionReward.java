package dev.tunebatch.app.demo;

import dev.tunebatch.lm.reward.Reward;
import dev.tunebatch.lm.usage.CallContext;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Scores a classification so that abstaining sits between wrong and right: 1 for the right label, {@code credit}
 * for a null label (the program abstained and a human takes over), 0 for a wrong label or no prediction at all (the
 * program failed). Tuning a confidence threshold against it trades wrong answers for hand-offs. Named
 * {@code abstention_reward}.
 */
public final class AbstentionReward implements Reward {

    private final double credit;

    /** @param credit the reward of an abstention, strictly between 0 (as bad as wrong) and 1 (as good as right) */
    public AbstentionReward(double credit) {
        if (!(credit > 0 && credit < 1)) {
            throw new IllegalArgumentException("abstention credit: " + credit + " must be in (0, 1), e.g. 0.3.");
        }
        this.credit = credit;
    }

    @Override
    public String name() {
        return "abstention_reward";
    }

    /** The score of {@code yPred} against {@code yTrue}, synchronously. */
    public double compute(JsonNode yTrue, JsonNode yPred) {
        if (yPred == null || yPred.isNull()) {
            return 0.0;
        }
        if (abstained(yPred)) {
            return credit;
        }
        JsonNode expected = yTrue == null ? null : yTrue.get("label");
        return expected != null && expected.equals(yPred.get("label")) ? 1.0 : 0.0;
    }

    /** Whether a prediction was made and gives no label. */
    public static boolean abstained(JsonNode yPred) {
        if (yPred == null || yPred.isNull()) {
            return false;
        }
        JsonNode label = yPred.get("label");
        return label == null || label.isNull() || (label.isString() && label.asString().isBlank());
    }

    @Override
    public CompletionStage<Double> score(JsonNode yTrue, JsonNode yPred, CallContext context) {
        return CompletableFuture.completedFuture(compute(yTrue, yPred));
    }
}
