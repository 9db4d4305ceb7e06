package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM prompt plus completion tokens, per phase; named {@code total_tokens} for inference (no direction). */
public final class TotalTokens extends LmOperationalMetric {

    /** Counts the inference phase. */
    public TotalTokens() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public TotalTokens(Phase phase) {
        super("total_tokens", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.totalTokens();
    }

    @Override
    public Metric copy() {
        return new TotalTokens(phase());
    }
}
