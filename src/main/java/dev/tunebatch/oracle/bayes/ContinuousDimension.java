package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.FloatParam;

/** A float without a step: the hyperparameter's own probability coordinate, continuous on {@code [0, 1]}. */
record ContinuousDimension(FloatParam hp) implements Dimension {

    @Override
    public boolean continuous() {
        return true;
    }

    @Override
    public double random(java.util.function.DoubleSupplier uniform) {
        return uniform.getAsDouble();
    }

    @Override
    public double[] neighbours(double coordinate) {
        return new double[0];
    }
}
