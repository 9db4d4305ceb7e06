package dev.tunebatch.lm.model;

import java.util.Objects;

/**
 * A server's answer to one attempt: the text and the reported token usage.
 *
 * @param content the assistant's text ({@code null} when the server sent none)
 * @param usage   the tokens reported
 */
public record Completion(String content, TokenUsage usage) {

    public Completion {
        Objects.requireNonNull(usage, "usage");
    }
}
