package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.UsageSnapshot;

/** Program invocations (one per sample predicted), named {@code program_calls}, direction down. */
public final class ProgramCalls extends OperationalMetric {

    @Override
    public String name() {
        return "program_calls";
    }

    @Override
    public Direction direction() {
        return Direction.DOWN;
    }

    @Override
    protected double measure(UsageSnapshot delta) {
        return delta.programCalls();
    }

    @Override
    public Metric copy() {
        return new ProgramCalls();
    }
}
