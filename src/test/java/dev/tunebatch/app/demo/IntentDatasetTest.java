package dev.tunebatch.app.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped dataset and the loader's validation: every problem names the file, the line and the fix. */
class IntentDatasetTest {

    private static final String TRAIN_A = "{\"text\": \"where is my parcel\", \"label\": \"shipping\", \"split\": \"train\"}";
    private static final String TRAIN_B = "{\"text\": \"refund me\", \"label\": \"refund\", \"split\": \"train\"}";
    private static final String VALID = "{\"text\": \"my parcel is late\", \"label\": \"shipping\", \"split\": \"validation\"}";
    private static final String TEST = "{\"text\": \"money back please\", \"label\": \"refund\", \"split\": \"test\"}";

    @Test
    void theShippedDatasetHasTenBalancedIntentsInFixedSplits() {
        IntentDataset data = IntentDataset.load("classpath:datasets/support-intents.jsonl");

        assertThat(data.train()).hasSize(240);
        assertThat(data.validation()).hasSize(80);
        assertThat(data.test()).hasSize(80);
        assertThat(data.labels()).containsExactly("billing", "cancel_order", "change_address", "complaint", "other",
                "password_reset", "product_question", "refund", "shipping", "technical_issue");
        Map<String, Long> perLabel = data.test().stream().collect(Collectors.groupingBy(
                IntentDataset.LabelledUtterance::label, Collectors.counting()));
        assertThat(perLabel.values()).containsOnly(8L);
        assertThat(IntentDataset.perLabel(data.validation(), 3)).hasSize(30);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON          | {\"text\": \"x\", | 3 | not JSON",
            "an array          | [1, 2]                                                           | 3 | not a JSON object",
            "no label          | {\"text\": \"x y\", \"split\": \"train\"}                         | 3 | \"label\" is missing",
            "a numeric text    | {\"text\": 7, \"label\": \"refund\", \"split\": \"train\"}        | 3 | \"text\" must be a string",
            "an unknown field  | {\"text\": \"x\", \"label\": \"refund\", \"split\": \"train\", \"lang\": \"en\"} | 3 | unknown field \"lang\"",
            "a bad label       | {\"text\": \"x\", \"label\": \"Refund Me\", \"split\": \"train\"} | 3 | must be snake_case",
            "a bad split       | {\"text\": \"x\", \"label\": \"refund\", \"split\": \"dev\"}       | 3 | must be train, validation or test",
            "a duplicate text  | {\"text\": \"Refund me \", \"label\": \"refund\", \"split\": \"test\"} | 3 | the same text as line 2",
            "an unseen label   | {\"text\": \"x\", \"label\": \"warranty\", \"split\": \"test\"}   | 3 | label 'warranty' never appears in the train split",
    })
    void aMalformedLineIsNamedWithItsFileAndLine(String what, String line, int number, String problem,
                                                 @TempDir Path dir) throws Exception {
        Path file = dir.resolve("intents.jsonl");
        Files.write(file, List.of(TRAIN_A, TRAIN_B, line, VALID, TEST));

        assertThatThrownBy(() -> IntentDataset.load("file:" + file))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(file.toAbsolutePath() + ":" + number + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void wholeFileProblemsNameTheFileAndTheFix(@TempDir Path dir) throws Exception {
        Function<List<String>, String> problem = lines -> {
            try {
                Path file = Files.write(dir.resolve("d" + lines.size() + ".jsonl"), lines);
                IntentDataset.load(file.toString());
                return "loaded";
            } catch (Exception e) {
                return e.getMessage();
            }
        };
        assertThat(problem.apply(List.of("", " "))).endsWith(".jsonl: no examples. Write one JSON object per line: "
                + "{\"text\": \"...\", \"label\": \"billing\", \"split\": \"train\"}.");
        assertThat(problem.apply(List.of(TRAIN_A, TRAIN_B, VALID))).contains("the test split is empty");
        assertThat(problem.apply(List.of(TRAIN_A, VALID, "{\"text\": \"t\", \"label\": \"shipping\", \"split\": "
                + "\"test\"}", "", ""))).contains("the train split has 1 label(s) [shipping]");
        assertThat(problem.apply(List.of(TRAIN_A, TRAIN_B, VALID, TEST))).isEqualTo("loaded");
        assertThatThrownBy(() -> IntentDataset.load(dir.resolve("missing.jsonl").toString()))
                .hasMessageEndingWith("missing.jsonl: no such file; give the path of a JSONL file.");
        assertThatThrownBy(() -> IntentDataset.load("classpath:datasets/nope.jsonl"))
                .hasMessageStartingWith("classpath:datasets/nope.jsonl: no such resource on the class path");
    }
}
