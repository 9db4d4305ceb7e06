package dev.tunebatch.lm.ledger;

/**
 * Sums over ledger rows.
 *
 * @param calls          calls recorded
 * @param inputTokens    prompt tokens
 * @param outputTokens   completion tokens
 * @param cost           money spent
 * @param cacheHits      calls answered from the cache
 * @param failedCalls    calls without an answer
 * @param attempts       requests sent (a cache hit sends none)
 * @param failedAttempts requests that got no usable answer, the retried ones included
 */
public record LedgerTotals(long calls, long inputTokens, long outputTokens, double cost, long cacheHits,
                           long failedCalls, long attempts, long failedAttempts) {

    /** No calls. */
    public static final LedgerTotals ZERO = new LedgerTotals(0, 0, 0, 0, 0, 0, 0, 0);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** These sums and {@code other}'s (e.g. the phases of a trial together). */
    public LedgerTotals plus(LedgerTotals other) {
        return new LedgerTotals(calls + other.calls, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, cost + other.cost, cacheHits + other.cacheHits,
                failedCalls + other.failedCalls, attempts + other.attempts, failedAttempts + other.failedAttempts);
    }
}
