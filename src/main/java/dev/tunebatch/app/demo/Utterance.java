package dev.tunebatch.app.demo;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A customer's message to support: the demo programs' input.
 *
 * @param text what the customer wrote
 */
public record Utterance(@JsonPropertyDescription("the customer's message") String text) {
}
