package dev.tunebatch.lm.usage;

/**
 * The outcome of one LM call as accounting sees it.
 *
 * @param inputTokens    prompt tokens reported by the server (or stored with a cached answer)
 * @param outputTokens   completion tokens
 * @param cost           what the call cost, 0 when it was answered from the cache
 * @param latencyNanos   wall time of the call, retries and waits included
 * @param failed         whether every attempt failed (no answer)
 * @param cached         whether the answer came from the response cache
 * @param failedAttempts attempts that got no usable answer (429, 5xx, timeout, dropped connection, malformed
 *                       answer, refusal), whether or not a later attempt succeeded
 */
public record CallRecord(long inputTokens, long outputTokens, double cost, long latencyNanos, boolean failed,
                         boolean cached, int failedAttempts) {

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
