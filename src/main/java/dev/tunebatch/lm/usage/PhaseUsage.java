package dev.tunebatch.lm.usage;

/**
 * Counters of the LM calls of one phase.
 *
 * @param calls          calls made (cached and failed ones included)
 * @param failedCalls    calls that got no answer after all retries
 * @param cacheHits      calls answered from the response cache
 * @param inputTokens    prompt tokens
 * @param outputTokens   completion tokens
 * @param cost           money spent
 * @param latencyNanos   summed wall time
 * @param failedAttempts requests that got no usable answer (429, 5xx, timeout, dropped connection, malformed
 *                       answer, refusal), the retried ones included
 */
public record PhaseUsage(long calls, long failedCalls, long cacheHits, long inputTokens, long outputTokens,
                         double cost, long latencyNanos, long failedAttempts) {

    /** No calls. */
    public static final PhaseUsage ZERO = new PhaseUsage(0, 0, 0, 0, 0, 0, 0, 0);

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** These counters plus one call. */
    public PhaseUsage plus(CallRecord r) {
        return new PhaseUsage(calls + 1, failedCalls + (r.failed() ? 1 : 0), cacheHits + (r.cached() ? 1 : 0),
                inputTokens + r.inputTokens(), outputTokens + r.outputTokens(), cost + r.cost(),
                latencyNanos + r.latencyNanos(), failedAttempts + r.failedAttempts());
    }

    /** The counters accrued since {@code earlier}. */
    public PhaseUsage minus(PhaseUsage earlier) {
        return new PhaseUsage(calls - earlier.calls, failedCalls - earlier.failedCalls, cacheHits - earlier.cacheHits,
                inputTokens - earlier.inputTokens, outputTokens - earlier.outputTokens, cost - earlier.cost,
                latencyNanos - earlier.latencyNanos, failedAttempts - earlier.failedAttempts);
    }
}
