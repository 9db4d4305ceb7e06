package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.UsageSnapshot;

/** Summed wall time of program invocations in seconds, named {@code program_elapsed_time}, direction down. */
public final class ProgramElapsedTime extends OperationalMetric {

    @Override
    public String name() {
        return "program_elapsed_time";
    }

    @Override
    public Direction direction() {
        return Direction.DOWN;
    }

    @Override
    protected double measure(UsageSnapshot delta) {
        return delta.programNanos() / 1e9;
    }

    @Override
    public Metric copy() {
        return new ProgramElapsedTime();
    }
}
