package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM completion tokens, per phase; named {@code output_tokens} for inference (no direction). */
public final class OutputTokens extends LmOperationalMetric {

    /** Counts the inference phase. */
    public OutputTokens() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public OutputTokens(Phase phase) {
        super("output_tokens", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.outputTokens();
    }

    @Override
    public Metric copy() {
        return new OutputTokens(phase());
    }
}
