package dev.tunebatch.lm.model;

import tools.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * What a language model call produced. A call whose retries were exhausted is not an exception: it is a result with
 * no content ({@link #failed()}), so that a prediction becomes null (reward 0) and the trial goes on.
 *
 * @param content  the answer's text, or {@code null} on failure
 * @param json     the answer parsed as JSON when the prompt had an output schema, else {@code null}
 * @param usage    tokens paid for (all attempts that got an answer)
 * @param cost     money spent
 * @param cached   answered from the cache
 * @param attempts attempts made (0 for a cache hit)
 * @param latency  wall time, waits included
 * @param failure  why the call failed, or {@code null}
 */
public record LmResult(String content, JsonNode json, TokenUsage usage, double cost, boolean cached, int attempts,
                       Duration latency, String failure) {

    /** Whether the call got no usable answer. */
    public boolean failed() {
        return failure != null;
    }

    /** Attempts that got no usable answer: all of them when the call failed, else all but the last. */
    public int failedAttempts() {
        return failed() ? attempts : Math.max(0, attempts - 1);
    }
}
