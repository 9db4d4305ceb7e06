package dev.tunebatch.lm.module;

import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.embedding.MiniLmEmbeddingModel;
import dev.tunebatch.lm.metric.Accuracy;
import dev.tunebatch.lm.optimizer.RandomFewShot;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.testing.TestModels.Text;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An LM program with no server: an embedding classifier over all-MiniLM-L6-v2 (loaded from the Maven artifact),
 * trained by {@code fit} (the optimizer chooses which labelled examples enter the bank), beats the same program
 * untrained.
 */
class OfflineClassifierTest {

    private static final List<Text> TRAIN_X = new ArrayList<>();
    private static final List<Map<String, String>> TRAIN_Y = new ArrayList<>();
    private static final List<Text> VAL_X = new ArrayList<>();
    private static final List<Map<String, String>> VAL_Y = new ArrayList<>();
    private static final List<Text> TEST_X = new ArrayList<>();
    private static final List<Map<String, String>> TEST_Y = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Map<String, Integer> seen = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                OfflineClassifierTest.class.getResourceAsStream("/lm/support-intents.jsonl"),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode row = Json.parse(line, "dataset row");
                String label = row.path("label").asString();
                int i = seen.merge(label, 1, Integer::sum) - 1;
                Text x = new Text(row.path("text").asString());
                Map<String, String> y = Map.of("label", label);
                if (i < 8) {
                    TRAIN_X.add(x);
                    TRAIN_Y.add(y);
                } else if (i < 11) {
                    VAL_X.add(x);
                    VAL_Y.add(y);
                } else {
                    TEST_X.add(x);
                    TEST_Y.add(y);
                }
            }
        }
    }

    private static EmbeddingClassifier classifier(double threshold) {
        return EmbeddingClassifier.builder(MiniLmEmbeddingModel.shared())
                .examplesPerLabel(6).temperature(0.05).threshold(threshold)
                .aggregation(EmbeddingClassifier.Aggregation.MAX)
                .seedExample(new Text("a question about money"), "billing")
                .seedExample(new Text("a question about a parcel"), "shipping")
                .seedExample(new Text("a question about a computer"), "technical")
                .seedExample(new Text("a question about a person"), "account")
                .build();
    }

    private static LmProgram program(EmbeddingClassifier c) {
        return LmProgram.builder().name("router").input(Text.class).then(c).seed(3).build();
    }

    private static double accuracy(LmProgram p) {
        return p.evaluate(new EvaluateArgs(TEST_X, TEST_Y, null)).toCompletableFuture().join().get("accuracy");
    }

    @Test
    void fitBeatsTheUntrainedProgram() {
        LmProgram untrained = program(classifier(0.0)).compile(ExactMatch.onFields("label"),
                List.of(new Accuracy("label")));
        double before = accuracy(untrained);

        EmbeddingClassifier c = classifier(0.0);
        LmProgram trained = program(c).compile(ExactMatch.onFields("label"), List.of(new Accuracy("label")),
                RandomFewShot.builder().minExamples(12).maxExamples(24).samplingTemperature(0.3).minibatchSize(12)
                        .seed(11).build());
        History h = trained.fit(FitArgs.builder().x(TRAIN_X).y(TRAIN_Y).validationData(VAL_X, VAL_Y).epochs(2)
                .batchSize(8).build()).toCompletableFuture().join();
        double after = accuracy(trained);

        assertThat(h.history().get("val_accuracy")).hasSize(2);
        assertThat(c.examples()).isNotEmpty().hasSizeLessThanOrEqualTo(24);
        assertThat(c.bankSize()).isEqualTo(4 + c.examples().size());
        assertThat(after).as("trained %s vs untrained %s", after, before).isGreaterThan(before + 0.1);
        assertThat(after).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void theClassifierAbstainsBelowItsThresholdAndItsBankCheckpoints() {
        EmbeddingClassifier strict = classifier(0.99);
        JsonNode out = strict.classify(Json.object().put("text", "hello there"));
        assertThat(out.get("label").isNull()).isTrue();
        assertThat(out.path("confidence").asDouble()).isLessThan(0.99);

        EmbeddingClassifier c = classifier(0.0);
        c.setExamples(List.of(new Example(Json.object().put("text", "my invoice is wrong"),
                Json.object().put("label", "billing")), new Example(Json.object().put("text", "no label"),
                Json.object().put("other", 1))));
        assertThat(c.examples()).hasSize(1);
        EmbeddingClassifier restored = classifier(0.0);
        restored.restoreState(Json.parse(Json.write(c.saveState()), "state"));
        assertThat(restored.examples()).isEqualTo(c.examples());
        JsonNode invoice = restored.classify(Json.object().put("text", "my invoice shows a wrong amount"));
        assertThat(invoice.path("label").asString()).isEqualTo("billing");
        assertThatThrownBy(() -> EmbeddingClassifier.builder(MiniLmEmbeddingModel.shared()).textField("body")
                .seedExample(new Text("x"), "a").build())
                .hasMessageContaining("body").hasMessageContaining("text");
    }

}
