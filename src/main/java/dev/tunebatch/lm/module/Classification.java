package dev.tunebatch.lm.module;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.tunebatch.lm.data.NullableField;

/**
 * A classifier's answer.
 *
 * @param label      the label, or {@code null} when the classifier abstains
 * @param confidence the probability of the best label, in [0, 1]
 */
public record Classification(
        @NullableField @JsonPropertyDescription("the label, or null to abstain") String label,
        @JsonPropertyDescription("probability of the best label") double confidence) {
}
