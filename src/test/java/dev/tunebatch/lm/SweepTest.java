package dev.tunebatch.lm;

import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.metric.MeanMetricWrapper;
import dev.tunebatch.lm.metric.Metric;
import dev.tunebatch.lm.metric.TotalTokens;
import dev.tunebatch.lm.model.ChatTransport;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.SpringAiChatTransport;
import dev.tunebatch.lm.module.Generator;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.testing.TestModels.AnswerWithRationale;
import dev.tunebatch.lm.testing.TestModels.Query;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.GridSearch;
import dev.tunebatch.tuner.Objective;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Synalinks' sweep test: three programs built up front over three model names, compiled with one shared metrics list
 * and no optimizer; a GridSearch over the model name; each trial must report its own token count and answers.
 */
class SweepTest {

    @TempDir
    Path dir;

    @Test
    void eachTrialRecordsItsOwnModelsTokensAndAnswers() {
        Map<String, Integer> tokensPerCall = Map.of("model-a", 10, "model-b", 20, "model-c", 30);
        Map<String, String> answer = Map.of("model-a", "1.0", "model-b", "2.0", "model-c", "3.0");
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        try (ScriptedLmServer server = ScriptedLmServer.start(r -> {
            String m = r.model();
            calls.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
            int t = tokensPerCall.get(m);
            return ScriptedLmServer.json(Json.object().put("rationale", "because").put("answer", answer.get(m)),
                    t - 2, 2);
        })) {
            ChatTransport transport = SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                    Duration.ofSeconds(5));
            List<String> modelIds = List.of("model-a", "model-b", "model-c");
            MeanMetricWrapper answerValue = MeanMetricWrapper.of("answer_value", (t, p) -> {
                try {
                    return Double.parseDouble(p.path("answer").asString());
                } catch (RuntimeException e) {
                    return 0.0;
                }
            });
            List<Metric> shared = List.of(answerValue, new TotalTokens());
            Map<String, LmProgram> programs = new LinkedHashMap<>();
            for (String m : modelIds) {
                ManagedLanguageModel lm = ManagedLanguageModel.builder().model(m).endpoint("scripted")
                        .transport(transport).build();
                programs.put(m, LmProgram.builder().name(m).input(Query.class)
                        .then(Generator.builder(AnswerWithRationale.class).languageModel(lm).build()).build()
                        .compile(ExactMatch.onFields("answer"), shared));
            }
            GridSearch tuner = GridSearch.builder()
                    .hypermodel(hp -> programs.get(hp.choice("language_model", modelIds)))
                    .objective(Objective.of("reward", Direction.MAX))
                    .maxTrials(3).directory(dir).projectName("sweep").verbose(false).build();
            List<Query> xTest = new ArrayList<>();
            List<AnswerWithRationale> yTest = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                xTest.add(new Query("q" + i));
                yTest.add(new AnswerWithRationale("", "2.0"));
            }

            tuner.search(FitArgs.builder().validationData(xTest, yTest).build());

            List<Trial> trials = tuner.trials();
            assertThat(trials).hasSize(3);
            Map<String, Double> values = new LinkedHashMap<>();
            for (Trial t : trials) {
                String m = (String) t.hyperparameters().get("language_model");
                assertThat(t.metrics().bestValue("total_tokens")).as(m)
                        .isEqualTo((double) tokensPerCall.get(m) * calls.get(m).get());
                values.put(m, t.metrics().bestValue("answer_value"));
            }
            assertThat(values.keySet()).containsExactlyElementsOf(modelIds);
            assertThat(values.get("model-a")).isCloseTo(1.0, within(1e-9));
            assertThat(values.get("model-b")).isCloseTo(2.0, within(1e-9));
            assertThat(values.get("model-c")).isCloseTo(3.0, within(1e-9));
            assertThat(calls.values()).allMatch(c -> c.get() == 4);
            assertThat(tuner.getBestHyperparameters(1).get(0).get("language_model")).isEqualTo("model-b");
        }
    }
}
