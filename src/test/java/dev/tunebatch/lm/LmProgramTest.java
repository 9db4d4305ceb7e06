package dev.tunebatch.lm;

import dev.tunebatch.lm.callback.EarlyStopping;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.metric.Accuracy;
import dev.tunebatch.lm.metric.FailedCalls;
import dev.tunebatch.lm.metric.Metric;
import dev.tunebatch.lm.metric.TotalTokens;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.RetryPolicy;
import dev.tunebatch.lm.model.SpringAiChatTransport;
import dev.tunebatch.lm.module.Generator;
import dev.tunebatch.lm.module.Parallel;
import dev.tunebatch.lm.optimizer.RandomFewShot;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.testing.Capitals;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.testing.TestModels.Answer;
import dev.tunebatch.lm.testing.TestModels.AnswerWithRationale;
import dev.tunebatch.lm.testing.TestModels.Query;
import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.program.Callback;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compile, fit, evaluate, predict, checkpoints and callbacks of {@link LmProgram} against the scripted server. */
class LmProgramTest {

    private ScriptedLmServer server;
    private ManagedLanguageModel lm;

    @BeforeEach
    void start() {
        server = ScriptedLmServer.start(Capitals::reply);
        lm = ManagedLanguageModel.builder().model("capitals").endpoint("scripted")
                .transport(SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                        Duration.ofSeconds(5)))
                .retry(RetryPolicy.DEFAULT.withMaxAttempts(2).withInitialBackoff(Duration.ofMillis(1)))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LmProgram program(double temperature) {
        return LmProgram.builder().name("capitals").input(Query.class)
                .then(Generator.builder(Answer.class).languageModel(lm).temperature(temperature).build())
                .seed(5).build();
    }

    private static FitArgs.Builder fitArgs() {
        return FitArgs.builder().x(Capitals.queries(0, 10)).y(Capitals.answers(0, 10))
                .validationData(Capitals.queries(10, 16), Capitals.answers(10, 16)).batchSize(5);
    }

    private static RandomFewShot optimizer() {
        return RandomFewShot.builder().minExamples(1).maxExamples(2).seed(3).build();
    }

    @Test
    void fitLearnsFewShotExamplesAndReportsEveryKeyOncePerEpoch() {
        LmProgram p = program(0.9).compile(ExactMatch.onFields("answer"),
                List.of(new Accuracy("answer"), new TotalTokens()), optimizer());

        EvaluateArgs val = new EvaluateArgs(Capitals.queries(10, 16), Capitals.answers(10, 16), null);
        assertThat(p.evaluate(val).toCompletableFuture().join().get("reward")).as("untrained, hot: all wrong")
                .isZero();

        History h = p.fit(fitArgs().epochs(3).build()).toCompletableFuture().join();

        assertThat(h.history().keySet()).containsExactly("reward", "accuracy", "total_tokens", "val_reward",
                "val_accuracy", "val_total_tokens");
        assertThat(h.history().values()).allMatch(v -> v.size() == 3);
        assertThat(h.history().get("reward").get(0)).as("hot model: right on the easy questions, then on all "
                + "once an example is learned").isGreaterThanOrEqualTo(0.4).isLessThan(1.0);
        assertThat(h.history().get("reward").get(2)).isEqualTo(1.0);
        assertThat(h.history().get("val_reward").get(2)).as("learned a correct example").isEqualTo(1.0);
        Generator g = (Generator) p.trainables().get("generator");
        assertThat(g.examples()).isNotEmpty().allSatisfy(e -> assertThat(e.output().path("answer").asString())
                .isNotEqualTo("Unknown"));
        assertThat(h.history().get("total_tokens")).allMatch(t -> t > 0);
        assertThat(p.usage().snapshot().phase(Phase.OPTIMIZER).calls()).as("candidates were scored").isPositive();
    }

    @Test
    void samplesOfABatchRunConcurrently() {
        server.script(r -> ScriptedLmServer.slow(150, Capitals.reply(r)));
        LmProgram p = program(0.0).compile(ExactMatch.onFields("answer"));

        Map<String, Double> m = p.evaluate(new EvaluateArgs(Capitals.queries(0, 8), Capitals.answers(0, 8), 8))
                .toCompletableFuture().join();

        assertThat(m.get("reward")).isEqualTo(1.0);
        assertThat(server.peakInFlight()).isEqualTo(8);
    }

    @Test
    void fitHonoursInitialEpochAndCallsCallbacksWithTheEpochsLogs() {
        LmProgram p = program(0.9).compile(ExactMatch.onFields("answer"), List.of(), optimizer());
        List<String> calls = new CopyOnWriteArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochBegin(int epoch) {
                calls.add("begin " + epoch);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                calls.add("end " + epoch + " " + logs.keySet());
            }
        };

        History h = p.fit(fitArgs().epochs(3).initialEpoch(1).callbacks(recorder).build()).toCompletableFuture()
                .join();

        assertThat(h.epochs()).isEqualTo(2);
        assertThat(calls).containsExactly("begin 1", "end 1 [reward, val_reward]", "begin 2",
                "end 2 [reward, val_reward]");
    }

    @Test
    void earlyStoppingEndsTheFitOnceTheMonitoredValueIsReached() {
        LmProgram p = program(0.9).compile(ExactMatch.onFields("answer"), List.of(), optimizer());
        EarlyStopping stopper = EarlyStopping.builder().monitor("val_reward").patience(5).stopAt(1.0).build();

        History h = p.fit(fitArgs().epochs(6).callbacks(stopper).build()).toCompletableFuture().join();

        List<Double> val = h.history().get("val_reward");
        assertThat(val.get(val.size() - 1)).isEqualTo(1.0);
        assertThat(val.size()).isLessThan(6);
        assertThat(val.subList(0, val.size() - 1)).allMatch(v -> v < 1.0);
        assertThat(stopper.stopRequested()).as("the template is never mutated; each fit uses a copy").isFalse();
    }

    @Test
    void withoutValidationDataTheLastShareOfTheTrainingDataValidates() {
        LmProgram p = program(0.9).compile(ExactMatch.onFields("answer"), List.of(), optimizer());
        List<Query> x = Capitals.queries(0, 16);
        History h = p.fit(FitArgs.builder().x(x).y(Capitals.answers(0, 16)).batchSize(4)
                .extra(LmProgram.VALIDATION_SPLIT, 0.25).build()).toCompletableFuture().join();
        assertThat(h.history()).containsKey("val_reward");
        List<String> asked = server.requests().stream().map(r -> r.lastUserJson().path("query").asString()).toList();
        assertThat(asked).contains(Capitals.question("Mexico"));

        assertThatThrownBy(() -> p.fit(FitArgs.builder().x(Capitals.queries(0, 3)).y(Capitals.answers(0, 3))
                .build()).toCompletableFuture().join())
                .rootCause().hasMessageContaining("3 samples").hasMessageContaining("validation_split=0.1");
    }

    @Test
    void earlyStoppingInAutoModeNeedsAKnownDirection() {
        assertThatThrownBy(() -> EarlyStopping.builder().monitor("val_total_tokens").build())
                .hasMessageContaining("val_total_tokens").hasMessageContaining("Mode.MIN");
    }

    @Test
    void aResumedFitContinuesExactlyLikeAnUninterruptedOne() {
        LmProgram straight = program(0.9).compile(ExactMatch.onFields("answer"), List.of(), optimizer());
        History all = straight.fit(fitArgs().epochs(3).build()).toCompletableFuture().join();

        LmProgram first = program(0.9).compile(ExactMatch.onFields("answer"), List.of(), optimizer());
        first.fit(fitArgs().epochs(1).build()).toCompletableFuture().join();
        String checkpoint = first.saveState();
        assertThat(Json.parse(checkpoint, "state").path("modules").has("generator")).isTrue();
        LmProgram resumed = program(0.9).compile(ExactMatch.onFields("answer"), List.of(), optimizer());
        resumed.restoreState(checkpoint);
        History rest = resumed.fit(fitArgs().epochs(3).initialEpoch(1).build()).toCompletableFuture().join();

        assertThat(rest.history().get("val_reward")).isEqualTo(all.history().get("val_reward").subList(1, 3));
        assertThat(resumed.saveState()).isEqualTo(straight.saveState());
    }

    @Test
    void restoringAStateOfAnotherProgramNamesTheUnknownModule() {
        LmProgram p = program(0.1).compile(ExactMatch.onFields("answer"));
        assertThatThrownBy(() -> p.restoreState("{\"modules\":{\"writer\":{}}}"))
                .hasMessageContaining("writer").hasMessageContaining("generator");
    }

    @Test
    void withoutAnOptimizerFitIsEmptyAndEvaluateReportsRewardAndMetrics() {
        LmProgram p = program(0.1).compile(ExactMatch.onFields("answer"), List.of(new Accuracy("answer")));
        assertThat(p.hasOptimizer()).isFalse();
        assertThat(p.fit(fitArgs().build()).toCompletableFuture().join().history()).isEmpty();

        Map<String, Double> m = p.evaluate(new EvaluateArgs(Capitals.queries(10, 16), Capitals.answers(10, 16),
                null)).toCompletableFuture().join();

        assertThat(m).containsEntry("reward", 1.0).containsEntry("accuracy", 1.0);
        assertThat(p.predict(Capitals.queries(0, 2), Answer.class).toCompletableFuture().join())
                .containsExactly(new Answer("Paris"), new Answer("Berlin"));
    }

    @Test
    void compileCopiesMetricsSoProgramsNeverShareThem() {
        List<Metric> shared = List.of(new Accuracy("answer"), new TotalTokens());
        LmProgram cold = program(0.0).compile(ExactMatch.onFields("answer"), shared);
        LmProgram hot = program(0.9).compile(ExactMatch.onFields("answer"), shared);
        EvaluateArgs val = new EvaluateArgs(Capitals.queries(10, 16), Capitals.answers(10, 16), null);

        Map<String, Double> c = cold.evaluate(val).toCompletableFuture().join();
        Map<String, Double> h = hot.evaluate(val).toCompletableFuture().join();

        assertThat(c.get("accuracy")).isEqualTo(1.0);
        assertThat(h.get("accuracy")).isEqualTo(0.0);
        assertThat(c.get("total_tokens")).isEqualTo(h.get("total_tokens")).isEqualTo(6 * (20 + 3.0));
        assertThat(shared.get(0).result()).as("the given instance is untouched").isZero();
    }

    @Test
    void aFailedCallGivesANullPredictionRewardZeroAndIsCounted() {
        server.script(r -> r.lastUserJson().path("query").asString().contains("Peru")
                ? ScriptedLmServer.status(500, null) : Capitals.reply(r));
        LmProgram p = program(0.0).compile(ExactMatch.onFields("answer"), List.of(new FailedCalls()));

        Map<String, Double> m = p.evaluate(new EvaluateArgs(Capitals.queries(4, 8), Capitals.answers(4, 8), null))
                .toCompletableFuture().join();

        assertThat(m.get("reward")).isEqualTo(0.75);
        assertThat(m.get("failed_calls")).isEqualTo(1.0);
        List<JsonNode> out = p.predict(Capitals.queries(5, 6)).toCompletableFuture().join();
        assertThat(out).containsExactly((JsonNode) null);
    }

    @Test
    void inputsThatDoNotFollowTheInputModelAreRejectedWithTheirIndex() {
        LmProgram p = program(0.0).compile(ExactMatch.onFields("answer"));
        assertThatThrownBy(() -> p.evaluate(new EvaluateArgs(List.of(new Query("ok"), Map.of("question", "?")),
                List.of(new Answer("a"), new Answer("b")), null)).toCompletableFuture().join())
                .rootCause().hasMessageContaining("x[1]").hasMessageContaining("Query");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void parallelBranchesRunOnTheSameInputAndMerge() {
        server.script(r -> {
            boolean rationale = r.body().path("response_format").path("json_schema").path("schema")
                    .path("properties").has("rationale");
            return rationale ? ScriptedLmServer.json(Json.object().put("rationale", "known").put("answer", "x"), 1, 1)
                    : ScriptedLmServer.json(Json.object().put("note", "n"), 1, 1);
        });
        record Note(String note) {
        }
        LmProgram p = LmProgram.builder().input(Query.class)
                .parallel(Generator.builder(AnswerWithRationale.class).languageModel(lm).name("a").build(),
                        Generator.builder(Note.class).languageModel(lm).name("b").build())
                .build().compile(ExactMatch.onFields("answer"));

        JsonNode out = p.predict(List.of(new Query("q"))).toCompletableFuture().join().get(0);

        assertThat(out.path("rationale").asString()).isEqualTo("known");
        assertThat(out.path("note").asString()).isEqualTo("n");
        assertThat(p.trainables().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> Parallel.of(Generator.builder(Answer.class).languageModel(lm).name("x").build(),
                Generator.builder(AnswerWithRationale.class).languageModel(lm).name("y").build()))
                .hasMessageContaining("'answer'").hasMessageContaining("x").hasMessageContaining("y");
    }

    @Test
    void generatorsSendSamplingParametersOnlyWhenSetAndTheirExamplesAsTurns() {
        Generator g = Generator.builder(Answer.class).languageModel(lm).maxTokens(20)
                .example(new Query("What is the capital of France?"), new Answer("Paris")).build();
        LmProgram p = LmProgram.builder().input(Query.class).then(g).build().compile(ExactMatch.onFields("answer"));

        p.predict(List.of(new Query(Capitals.question("Chile")))).toCompletableFuture().join();

        JsonNode body = server.requests().get(0).body();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(20);
        assertThat(server.requests().get(0).messages()).extracting(m -> m.path("role").asString())
                .containsExactly("system", "user", "assistant", "user");
        assertThat(Json.parse(g.saveState().toString(), "state").path("examples").size()).isEqualTo(1);
    }
}
