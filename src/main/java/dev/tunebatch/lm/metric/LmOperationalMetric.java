package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;
import dev.tunebatch.lm.usage.UsageSnapshot;

import java.util.Objects;

/**
 * An LM counter of one phase. Names follow Synalinks: {@code total_tokens} for inference, {@code reward_total_tokens}
 * and {@code optimizer_total_tokens} for the other phases, {@code avg_latency} / {@code avg_reward_latency}. These
 * metrics have no direction (an objective on them needs an explicit one).
 */
public abstract class LmOperationalMetric extends OperationalMetric {

    private final Phase phase;
    private final String baseName;

    protected LmOperationalMetric(String baseName, Phase phase) {
        this.baseName = Objects.requireNonNull(baseName, "baseName");
        this.phase = Objects.requireNonNull(phase, "phase");
    }

    /** The phase counted. */
    public Phase phase() {
        return phase;
    }

    @Override
    public final String name() {
        return nameFor(baseName, phase);
    }

    /** The metric name of {@code baseName} in {@code phase}. */
    public static String nameFor(String baseName, Phase phase) {
        if (baseName.startsWith("avg_")) {
            return "avg_" + phase.metricPrefix() + baseName.substring(4);
        }
        return phase.metricPrefix() + baseName;
    }

    @Override
    public Direction direction() {
        return Direction.NONE;
    }

    @Override
    protected final double measure(UsageSnapshot delta) {
        return measure(delta.phase(phase));
    }

    /** The value over one phase's counters. */
    protected abstract double measure(PhaseUsage usage);
}
