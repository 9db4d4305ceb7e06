package dev.tunebatch.lm.testing;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Data models of the tests. */
public final class TestModels {

    private TestModels() {
    }

    /** A question. */
    public record Query(@JsonPropertyDescription("the question") String query) {
    }

    /** An answer. */
    public record Answer(@JsonPropertyDescription("the answer") String answer) {
    }

    /** An answer with its reasoning. */
    public record AnswerWithRationale(String rationale, String answer) {
    }

    /** A text to classify. */
    public record Text(String text) {
    }
}
