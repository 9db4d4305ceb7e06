package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.BooleanParam;
import dev.tunebatch.hp.ChoiceParam;
import dev.tunebatch.hp.FixedParam;
import dev.tunebatch.hp.FloatParam;
import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.IntParam;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One coordinate of the encoded search space: how the values of one hyperparameter become a number that the Gaussian
 * process can compare, and back. Numeric hyperparameters live in {@code [0, 1]} in their sampling's space (so a
 * log-sampled one is modelled in log space); discrete ones only ever take the coordinates of real values, so the
 * model never spends probability between two integers; unordered choices and booleans are categories, compared by
 * equality under their own length scale.
 */
sealed interface Dimension permits ContinuousDimension, SteppedDimension, IntegerDimension, CategoricalDimension {

    /** The hyperparameter this coordinate encodes. */
    HyperParameter hp();

    /** Whether the kernel compares this coordinate by equality (a category index) rather than by distance. */
    default boolean categorical() {
        return false;
    }

    /** Whether every coordinate in {@code [0, 1]} is a value, so that a continuous optimiser may move it. */
    default boolean continuous() {
        return false;
    }

    /** The coordinate of a value the hyperparameter accepts: by default its own cumulative probability. */
    default double encode(Object value) {
        return clamp(hp().valueToProb(value));
    }

    /** The value at a coordinate; discrete dimensions return the value whose coordinate is nearest. */
    default Object decode(double coordinate) {
        return hp().probToValue(clamp(coordinate));
    }

    /** A random coordinate of a valid value, uniform in the sampling's space. */
    default double random(DoubleSupplier uniform) {
        return encode(decode(uniform.getAsDouble()));
    }

    /** The coordinates of the values next to this one, for discrete local moves; empty for continuous coordinates. */
    double[] neighbours(double coordinate);

    /** The dimension of a hyperparameter, or {@code null} for a fixed one, which takes no dimension. */
    static Dimension of(HyperParameter hp) {
        return switch (hp) {
            case FixedParam f -> null;
            case FloatParam f -> f.step() == null ? new ContinuousDimension(f) : SteppedDimension.of(f);
            case IntParam i -> i.step() == null ? new IntegerDimension(i) : SteppedDimension.of(i);
            case ChoiceParam c -> c.ordered() ? SteppedDimension.of(c) : new CategoricalDimension(c, c.values());
            case BooleanParam b -> new CategoricalDimension(b, List.of(false, true));
        };
    }

    /** Keeps a coordinate inside {@code [0, 1]}. */
    static double clamp(double u) {
        return Math.min(1.0, Math.max(0.0, u));
    }
}
