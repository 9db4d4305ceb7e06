package dev.tunebatch.tuner;

import dev.tunebatch.oracle.MetricDirections;
import dev.tunebatch.oracle.ObjectiveSpec;

import java.util.Objects;

/**
 * The metric a search optimises and its direction. {@link #of(String)} infers the direction from the Synalinks metric
 * registry and keras-tuner's table ({@code val_reward}, {@code accuracy}, {@code f1_score}: max; {@code loss},
 * {@code program_cost}: min).
 */
public record Objective(String name, Direction direction) {

    public Objective {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Objective name must not be blank; pass the metric's history key, "
                    + "e.g. Objective.of(\"val_reward\", Direction.MAX).");
        }
        Objects.requireNonNull(direction, "direction");
    }

    /** An objective whose direction is inferred from its name. */
    public static Objective of(String name) {
        return new Objective(name, MetricDirections.infer(name).map(Direction::of).orElseThrow(() ->
                new IllegalArgumentException("Could not infer optimization direction for objective '" + name
                        + "'. Pass it explicitly: Objective.of(\"" + name + "\", Direction.MAX).")));
    }

    /** An objective with an explicit direction. */
    public static Objective of(String name, Direction direction) {
        return new Objective(name, direction);
    }

    /** Whether {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) {
        return direction.toMetricDirection().better(a, b);
    }

    /** The oracle's form. */
    public ObjectiveSpec toSpec() {
        return ObjectiveSpec.single(name, direction.toMetricDirection());
    }

    @Override
    public String toString() {
        return toSpec().toString();
    }
}
