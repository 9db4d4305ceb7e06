package dev.tunebatch.lm.model;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.UsageAccount;

import java.util.Objects;

/**
 * One LM call in the cost ledger.
 *
 * @param account      the run and trial charged
 * @param phase        inference, reward or optimizer
 * @param model        the model name
 * @param endpoint     the endpoint's name (never its credentials)
 * @param inputTokens  prompt tokens paid (or stored with a cached answer)
 * @param outputTokens completion tokens
 * @param cost         money spent (0 for a cache hit)
 * @param cached       answered from the cache
 * @param failed       no answer after all retries
 * @param attempts     attempts made (0 for a cache hit)
 * @param latencyMillis wall time, waits included
 */
public record LedgerEntry(UsageAccount account, Phase phase, String model, String endpoint, long inputTokens,
                          long outputTokens, double cost, boolean cached, boolean failed, int attempts,
                          long latencyMillis) {

    public LedgerEntry {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(model, "model");
    }
}
