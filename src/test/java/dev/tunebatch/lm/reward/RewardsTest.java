package dev.tunebatch.lm.reward;

import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.embedding.MiniLmEmbeddingModel;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.SpringAiChatTransport;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.usage.CallContext;
import dev.tunebatch.lm.usage.Phase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ExactMatch with masks, CosineSimilarity over MiniLM, and the LM judge. */
class RewardsTest {

    private static double score(Reward r, JsonNode t, JsonNode p) {
        return r.score(t, p, CallContext.detached()).toCompletableFuture().join();
    }

    @Test
    void exactMatchComparesMaskedObjects() {
        JsonNode truth = Json.object().put("answer", "Paris").put("rationale", "it is");
        JsonNode pred = Json.object().put("answer", "Paris").put("rationale", "because");
        assertThat(score(new ExactMatch(), truth, pred)).isZero();
        assertThat(score(ExactMatch.onFields("answer"), truth, pred)).isEqualTo(1.0);
        assertThat(score(ExactMatch.ignoring("rationale"), truth, pred)).isEqualTo(1.0);
        assertThat(score(ExactMatch.onFields("answer"), truth, Json.object().put("answer", "Lyon"))).isZero();
        assertThat(score(ExactMatch.onFields("answer"), truth, null)).isZero();
        assertThat(new ExactMatch().name()).isEqualTo("exact_match");
    }

    @Test
    void cosineSimilarityPrefersParaphrasesOverUnrelatedText() {
        CosineSimilarity cos = new CosineSimilarity(MiniLmEmbeddingModel.shared(), new Masks(List.of("answer"),
                null));
        JsonNode truth = Json.object().put("answer", "The cat sits on the mat.");
        double close = score(cos, truth, Json.object().put("answer", "A cat is sitting on the mat."));
        double far = score(cos, truth, Json.object().put("answer", "Quarterly revenue rose by four percent."));
        assertThat(score(cos, truth, truth)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(close).isGreaterThan(0.7).isGreaterThan(far + 0.3);
        assertThat(score(cos, truth, null)).isZero();
    }

    @Test
    void theJudgeScoresWithALanguageModelChargedToTheRewardPhase() {
        try (ScriptedLmServer server = ScriptedLmServer.start(r -> {
            JsonNode c = r.lastUserJson();
            double v = c.path("answer").equals(c.path("reference")) ? 1.0 : 0.25;
            return ScriptedLmServer.json(Json.object().put("critique", "compared").put("reward", v), 30, 8);
        })) {
            ManagedLanguageModel judge = ManagedLanguageModel.builder().model("judge")
                    .transport(SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                            Duration.ofSeconds(5))).build();
            LmAsJudge reward = new LmAsJudge(judge);
            CallContext ctx = CallContext.detached();
            JsonNode truth = Json.object().put("answer", "Paris");

            double same = reward.score(truth, truth, ctx).toCompletableFuture().join();
            double other = reward.score(truth, Json.object().put("answer", "Lyon"), ctx).toCompletableFuture().join();

            assertThat(same).isEqualTo(1.0);
            assertThat(other).isEqualTo(0.25);
            assertThat(ctx.tracker().snapshot().phase(Phase.REWARD).totalTokens()).isEqualTo(76);
            assertThat(ctx.tracker().snapshot().phase(Phase.INFERENCE).calls()).isZero();
            assertThat(server.requests().get(0).body().path("temperature").asDouble()).isZero();
        }
    }
}
