package dev.tunebatch.lm.reward;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.model.LanguageModel;
import dev.tunebatch.lm.model.LmMessage;
import dev.tunebatch.lm.model.LmPrompt;
import dev.tunebatch.lm.model.Sampling;
import dev.tunebatch.lm.usage.CallContext;
import dev.tunebatch.lm.usage.Phase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A language model grades the prediction against the target and answers a {@link JudgeVerdict}; its calls are
 * charged to the reward phase. A failed judge call scores 0. Named {@code lm_as_judge}.
 */
public final class LmAsJudge implements Reward {

    /** The grading instructions used when none are given. */
    public static final String DEFAULT_INSTRUCTIONS = "You grade an answer against a reference answer. Give 1.0 when "
            + "the answer says the same as the reference, 0.0 when it is wrong or missing, and a value in between "
            + "when it is partly right.";

    private final LanguageModel judge;
    private final String instructions;
    private final Masks masks;

    public LmAsJudge(LanguageModel judge) {
        this(judge, DEFAULT_INSTRUCTIONS, Masks.NONE);
    }

    public LmAsJudge(LanguageModel judge, String instructions, Masks masks) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.instructions = Objects.requireNonNull(instructions, "instructions");
        this.masks = Objects.requireNonNull(masks, "masks");
    }

    @Override
    public String name() {
        return "lm_as_judge";
    }

    /** The prompt sent to the judge. */
    public LmPrompt prompt(JsonNode yTrue, JsonNode yPred) {
        DataSchema schema = DataSchema.of(JudgeVerdict.class);
        ObjectNode case_ = Json.object();
        case_.set("reference", masks.apply(yTrue));
        case_.set("answer", masks.apply(yPred));
        return new LmPrompt(List.of(
                LmMessage.system(instructions + "\n\nReply with one JSON object that follows this JSON schema:\n"
                        + schema),
                LmMessage.user(Json.canonicalText(case_))), schema, new Sampling(0.0, null, null, null));
    }

    @Override
    public CompletionStage<Double> score(JsonNode yTrue, JsonNode yPred, CallContext context) {
        if (yTrue == null || yPred == null || yPred.isNull()) {
            return CompletableFuture.completedFuture(0.0);
        }
        return judge.generate(prompt(yTrue, yPred), context.in(Phase.REWARD)).thenApply(r -> {
            if (r.failed() || r.json() == null) {
                return 0.0;
            }
            double v = r.json().path("reward").asDouble(0.0);
            return Math.max(0.0, Math.min(1.0, v));
        });
    }
}
