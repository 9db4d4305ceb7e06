package dev.tunebatch.app.demo;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.embedding.MiniLmEmbeddingModel;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offline demo's program: its reward, its four hyperparameters, and a fit that really trains it. */
class IntentRouterTest {

    private static final IntentDataset DATA = IntentDataset.load("classpath:datasets/support-intents.jsonl");

    @Test
    void abstainingScoresBetweenWrongAndRight() {
        AbstentionReward reward = new AbstentionReward(0.3);
        var truth = Json.object().put("label", "refund");

        assertThat(reward.compute(truth, Json.object().put("label", "refund").put("confidence", 0.9))).isEqualTo(1.0);
        assertThat(reward.compute(truth, Json.object().putNull("label").put("confidence", 0.2))).isEqualTo(0.3);
        assertThat(reward.compute(truth, Json.object().put("label", "billing"))).isEqualTo(0.0);
        assertThat(reward.compute(truth, null)).as("a failed prediction earns nothing").isEqualTo(0.0);
        assertThatThrownBy(() -> new AbstentionReward(1.0)).hasMessageContaining("must be in (0, 1)");
    }

    @Test
    void fitChoosesTheBankAndTheThresholdTradesWrongAnswersForAbstentions() {
        IntentRouterHyperModel hypermodel = new IntentRouterHyperModel(MiniLmEmbeddingModel.shared(),
                DATA.labels().size(), 42);
        HyperParameters declared = new HyperParameters();
        hypermodel.build(declared);
        assertThat(declared.space().stream().map(HyperParameter::name))
                .containsExactly("examples_per_label", "temperature", "threshold", "aggregation");

        LmProgram untrained = hypermodel.build(values(0.0));
        Map<String, Double> before = validation(untrained);
        assertThat(before.get("abstention_rate")).as("an empty bank abstains on everything").isEqualTo(1.0);

        LmProgram trained = hypermodel.build(values(0.0));
        History history = trained.fit(fitArgs()).toCompletableFuture().join();
        Map<String, Double> after = validation(trained);
        assertThat(history.history().get("val_reward")).hasSize(1);
        assertThat(after.get("reward")).isGreaterThan(before.get("reward") + 0.25);
        assertThat(after.get("accuracy")).isGreaterThan(0.55);

        LmProgram cautious = hypermodel.build(values(0.5));
        cautious.fit(fitArgs()).toCompletableFuture().join();
        Map<String, Double> strict = validation(cautious);
        assertThat(strict.get("abstention_rate")).isGreaterThan(after.get("abstention_rate") + 0.1);
        assertThat(strict.get("accuracy")).isLessThan(after.get("accuracy"));
    }

    private static HyperParameters values(double threshold) {
        HyperParameters hp = new HyperParameters();
        hp.putValue("examples_per_label", 12);
        hp.putValue("temperature", 0.1);
        hp.putValue("threshold", threshold);
        hp.putValue("aggregation", "log_sum_exp");
        return hp;
    }

    private static FitArgs fitArgs() {
        return FitArgs.builder().x(IntentDataset.inputs(DATA.train())).y(IntentDataset.targets(DATA.train()))
                .validationData(IntentDataset.inputs(DATA.validation()), IntentDataset.targets(DATA.validation()))
                .epochs(1).batchSize(16).build();
    }

    private static Map<String, Double> validation(LmProgram program) {
        return program.evaluate(new EvaluateArgs(IntentDataset.inputs(DATA.validation()),
                IntentDataset.targets(DATA.validation()), null)).toCompletableFuture().join();
    }
}
