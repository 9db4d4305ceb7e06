package dev.tunebatch.app.demo;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.tunebatch.lm.data.NullableField;

/**
 * What a customer's message is about: the demo programs' target and the generative program's answer.
 *
 * @param label the intent (e.g. {@code refund}), or {@code null} when a program abstains
 */
public record Intent(@NullableField @JsonPropertyDescription("the intent, or null when unsure") String label) {
}
