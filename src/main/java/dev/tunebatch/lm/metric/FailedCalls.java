package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM calls that got no answer after all retries, per phase; named {@code failed_calls} for inference (no direction). */
public final class FailedCalls extends LmOperationalMetric {

    /** Counts the inference phase. */
    public FailedCalls() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public FailedCalls(Phase phase) {
        super("failed_calls", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.failedCalls();
    }

    @Override
    public Metric copy() {
        return new FailedCalls(phase());
    }
}
