package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM share of calls answered from the response cache, per phase; named {@code cache_hit_rate} for inference (no direction). */
public final class CacheHitRate extends LmOperationalMetric {

    /** Counts the inference phase. */
    public CacheHitRate() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public CacheHitRate(Phase phase) {
        super("cache_hit_rate", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.calls() == 0 ? 0.0 : (double) usage.cacheHits() / usage.calls();
    }

    @Override
    public Metric copy() {
        return new CacheHitRate(phase());
    }
}
