package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.reward.Reward;
import dev.tunebatch.lm.usage.CallContext;
import tools.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * The mean of a per-sample function. Wrapping a {@link Reward} makes a metric whose direction is up; any other
 * function has no direction (as in Synalinks, where only wrapped rewards get one).
 */
public final class MeanMetricWrapper implements Metric {

    private final String name;
    private final MetricFunction fn;
    private final Direction direction;
    private double sum;
    private long count;

    public MeanMetricWrapper(String name, MetricFunction fn, Direction direction) {
        this.name = Objects.requireNonNull(name, "name");
        this.fn = Objects.requireNonNull(fn, "fn");
        this.direction = Objects.requireNonNull(direction, "direction");
    }

    /** The mean of {@code fn}, named {@code name}, without direction. */
    public static MeanMetricWrapper of(String name, MetricFunction fn) {
        return new MeanMetricWrapper(name, fn, Direction.NONE);
    }

    /** The mean of a reward, named after it, direction up. A model-calling reward is charged to no program. */
    public static MeanMetricWrapper of(Reward reward) {
        return new MeanMetricWrapper(reward.name(), (t, p) -> reward.score(t, p, CallContext.detached())
                .toCompletableFuture().join(), Direction.UP);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public synchronized void update(JsonNode yTrue, JsonNode yPred) {
        sum += fn.apply(yTrue, yPred);
        count++;
    }

    @Override
    public synchronized double result() {
        return count == 0 ? 0.0 : sum / count;
    }

    @Override
    public synchronized void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public Metric copy() {
        return new MeanMetricWrapper(name, fn, direction);
    }
}
