package dev.tunebatch.lm.model;

import dev.tunebatch.lm.data.DataSchema;

import java.util.List;
import java.util.Objects;

/**
 * What a module asks a language model: the messages, the JSON schema the answer must follow (or {@code null} for free
 * text) and the sampling parameters. The model name is the language model's own.
 *
 * @param messages     the conversation, system message first
 * @param outputSchema the answer's schema, or {@code null}
 * @param sampling     sampling parameters (unset ones are not sent)
 */
public record LmPrompt(List<LmMessage> messages, DataSchema outputSchema, Sampling sampling) {

    public LmPrompt {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages: a prompt needs at least one message.");
        }
        sampling = Objects.requireNonNullElse(sampling, Sampling.DEFAULTS);
    }
}
