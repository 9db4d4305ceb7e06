package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.UsageSnapshot;

/** Money spent by the program in every phase (inference, reward, optimizer), named {@code program_cost}, direction down. */
public final class ProgramCost extends OperationalMetric {

    @Override
    public String name() {
        return "program_cost";
    }

    @Override
    public Direction direction() {
        return Direction.DOWN;
    }

    @Override
    protected double measure(UsageSnapshot delta) {
        return delta.totalCost();
    }

    @Override
    public Metric copy() {
        return new ProgramCost();
    }
}
