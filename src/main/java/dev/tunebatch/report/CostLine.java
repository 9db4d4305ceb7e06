package dev.tunebatch.report;

/**
 * LM usage of one trial in one phase, summed from {@code lm_cost_ledger}.
 *
 * @param phase  {@code inference}, {@code reward} or {@code optimizer}
 * @param calls  ledger rows (LM calls)
 * @param cached calls answered from the response cache
 * @param failed calls that failed after their retries
 */
record CostLine(String trialId, String phase, long calls, long inputTokens, long outputTokens, long totalTokens,
                double cost, long cached, long failed) {
}
