package dev.tunebatch.lm.metric;

import tools.jackson.databind.JsonNode;

import java.util.Objects;

/** The sum of a per-sample function (no direction). */
public final class SumMetricWrapper implements Metric {

    private final String name;
    private final MetricFunction fn;
    private double sum;

    public SumMetricWrapper(String name, MetricFunction fn) {
        this.name = Objects.requireNonNull(name, "name");
        this.fn = Objects.requireNonNull(fn, "fn");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return Direction.NONE;
    }

    @Override
    public synchronized void update(JsonNode yTrue, JsonNode yPred) {
        sum += fn.apply(yTrue, yPred);
    }

    @Override
    public synchronized double result() {
        return sum;
    }

    @Override
    public synchronized void reset() {
        sum = 0;
    }

    @Override
    public Metric copy() {
        return new SumMetricWrapper(name, fn);
    }
}
