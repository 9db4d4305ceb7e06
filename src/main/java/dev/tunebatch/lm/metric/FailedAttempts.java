package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/**
 * LM requests that got no usable answer (429, 5xx, timeout, dropped connection, malformed answer, refusal), per
 * phase, the ones a retry later made good included; named {@code failed_attempts} for inference (no direction).
 * {@link FailedCalls} counts only the calls that stayed without an answer.
 */
public final class FailedAttempts extends LmOperationalMetric {

    /** Counts the inference phase. */
    public FailedAttempts() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public FailedAttempts(Phase phase) {
        super("failed_attempts", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.failedAttempts();
    }

    @Override
    public Metric copy() {
        return new FailedAttempts(phase());
    }
}
