package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM prompt tokens, per phase; named {@code input_tokens} for inference (no direction). */
public final class InputTokens extends LmOperationalMetric {

    /** Counts the inference phase. */
    public InputTokens() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public InputTokens(Phase phase) {
        super("input_tokens", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.inputTokens();
    }

    @Override
    public Metric copy() {
        return new InputTokens(phase());
    }
}
