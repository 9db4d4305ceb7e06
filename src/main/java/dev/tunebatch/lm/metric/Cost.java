package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM money spent (from the price table; 0 for cache hits), per phase; named {@code cost} for inference (no direction). */
public final class Cost extends LmOperationalMetric {

    /** Counts the inference phase. */
    public Cost() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public Cost(Phase phase) {
        super("cost", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.cost();
    }

    @Override
    public Metric copy() {
        return new Cost(phase());
    }
}
