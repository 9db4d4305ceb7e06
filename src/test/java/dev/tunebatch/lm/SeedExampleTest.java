package dev.tunebatch.lm;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.SpringAiChatTransport;
import dev.tunebatch.lm.module.Generator;
import dev.tunebatch.lm.optimizer.RandomFewShot;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.testing.Capitals;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.testing.TestModels.Answer;
import dev.tunebatch.lm.testing.TestModels.Query;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.ProgramCheckpoint;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's example end to end: RandomSearch over the generator's temperature, ExactMatch reward, objective
 * {@code val_reward}, real HTTP to the scripted server; once with an optimizer (fit path) and once without
 * (evaluate-only path).
 */
class SeedExampleTest {

    @TempDir
    Path dir;
    private ScriptedLmServer server;
    private ManagedLanguageModel languageModel;

    @BeforeEach
    void start() {
        server = ScriptedLmServer.start(Capitals::reply);
        languageModel = ManagedLanguageModel.builder().model("capitals").endpoint("scripted")
                .transport(SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                        Duration.ofSeconds(5))).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LmProgram buildProgram(HyperParameters hp, boolean optimize) {
        LmProgram program = LmProgram.builder().name("capitals").input(Query.class)
                .then(Generator.builder(Answer.class).languageModel(languageModel)
                        .temperature(hp.floatParam("temperature", 0.0, 1.0)).build())
                .build();
        return optimize
                ? program.compile(ExactMatch.onFields("answer"), List.of(), RandomFewShot.builder().seed(1).build())
                : program.compile(ExactMatch.onFields("answer"));
    }

    private RandomSearch tuner(boolean optimize, String project) {
        return RandomSearch.builder()
                .hypermodel(hp -> buildProgram(hp, optimize))
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(5).directory(dir).projectName(project).seed(42).verbose(false)
                .build();
    }

    private static FitArgs searchArgs() {
        return FitArgs.builder()
                .x(Capitals.queries(0, 10)).y(Capitals.answers(0, 10))
                .validationData(Capitals.queries(10, 16), Capitals.answers(10, 16))
                .epochs(3).batchSize(4)
                .build();
    }

    private static double temperature(Trial t) {
        return (Double) t.hyperparameters().get("temperature");
    }

    @Test
    void evaluateOnlyPathFindsALowTemperature() {
        RandomSearch tuner = tuner(false, "evaluate_only");
        tuner.search(searchArgs());

        List<Trial> trials = tuner.trials();
        assertThat(trials).hasSize(5).allMatch(t -> t.status() == TrialStatus.COMPLETED);
        for (Trial t : trials) {
            double expected = temperature(t) < 0.5 ? 1.0 : 0.0;
            assertThat(t.score()).as("trial %s at temperature %s", t.id(), temperature(t)).isEqualTo(expected);
            assertThat(t.metrics().bestValue("reward")).as("mirrored under both names")
                    .isEqualTo(t.metrics().bestValue("val_reward"));
        }
        assertThat(trials).anyMatch(t -> temperature(t) < 0.5).anyMatch(t -> temperature(t) >= 0.5);
        HyperParameters best = tuner.getBestHyperparameters(1).get(0);
        assertThat((Double) best.get("temperature")).isLessThan(0.5);
        assertThat(server.requests()).as("evaluate-only: validation data only, no few-shot turns")
                .allMatch(r -> r.messages().size() == 2);
        int construction = 0;
        assertThat(server.requestCount()).isEqualTo(construction + 5 * 6);
    }

    @Test
    void fitPathTrainsFewShotExamplesAndCheckpointsThemEveryEpoch() {
        RandomSearch tuner = tuner(true, "fit");
        tuner.search(searchArgs());

        List<Trial> trials = tuner.trials();
        assertThat(trials).hasSize(5).allMatch(t -> t.status() == TrialStatus.COMPLETED);
        assertThat(trials).as("even hot trials learn a correct example").allMatch(t -> t.score() == 1.0);
        Trial hot = trials.stream().filter(t -> temperature(t) >= 0.5).findFirst().orElseThrow();
        ProgramCheckpoint cp = tuner.store().loadCheckpoint(hot.id()).orElseThrow();
        assertThat(cp.epoch()).isEqualTo(2);
        JsonNode state = Json.parse(cp.state(), "checkpoint");
        assertThat(state.path("modules").path("generator").path("examples").size()).isPositive();
        assertThat(state.path("optimizer").path("population").size()).isPositive();
        assertThat(cp.history().get("val_reward")).hasSize(3);
        assertThat(server.requests()).anyMatch(r -> r.messages().size() > 2);
    }
}
