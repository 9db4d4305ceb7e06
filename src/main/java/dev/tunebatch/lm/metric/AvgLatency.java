package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;

/** LM mean wall time of a call in seconds, retries and waits included, per phase; named {@code avg_latency} for inference (no direction). */
public final class AvgLatency extends LmOperationalMetric {

    /** Counts the inference phase. */
    public AvgLatency() {
        this(Phase.INFERENCE);
    }

    /** Counts {@code phase}. */
    public AvgLatency(Phase phase) {
        super("avg_latency", phase);
    }

    @Override
    protected double measure(PhaseUsage usage) {
        return usage.calls() == 0 ? 0.0 : usage.latencyNanos() / 1e9 / usage.calls();
    }

    @Override
    public Metric copy() {
        return new AvgLatency(phase());
    }
}
