package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM calls made, cached and failed ones included, per phase; named {@code calls} for inference (no direction). */
public final class LmCalls extends LmOperationalMetric {

    /** Counts the inference phase. */
    public LmCalls() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public LmCalls(Phase phase) {
        super("calls", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.calls();
    }

    @Override
    public Metric copy() {
        return new LmCalls(phase());
    }
}
