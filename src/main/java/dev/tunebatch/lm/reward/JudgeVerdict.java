package dev.tunebatch.lm.reward;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What an LM judge answers.
 *
 * @param critique why the prediction deserves its score
 * @param reward   the score, from 0.0 (wrong) to 1.0 (as good as the target)
 */
public record JudgeVerdict(
        @JsonPropertyDescription("short reasoning about the prediction") String critique,
        @JsonPropertyDescription("score between 0.0 (wrong) and 1.0 (as good as the target)") double reward) {
}
