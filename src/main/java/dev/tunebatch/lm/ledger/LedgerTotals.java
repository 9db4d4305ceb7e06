package dev.tunebatch.lm.ledger;

/**
 * Sums over ledger rows.
 *
 * @param calls        calls recorded
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param cost         money spent
 * @param cacheHits    calls answered from the cache
 * @param failedCalls  calls without an answer
 */
public record LedgerTotals(long calls, long inputTokens, long outputTokens, double cost, long cacheHits,
                           long failedCalls) {

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
