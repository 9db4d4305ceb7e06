package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.IntParam;

/**
 * An int without a step (log or reverse-log sampling): every integer of the range, placed by the hyperparameter's
 * own (logarithmic) mapping; neighbours are the integers one below and one above.
 */
record IntegerDimension(IntParam hp) implements Dimension {

    @Override
    public double[] neighbours(double coordinate) {
        int v = (Integer) decode(coordinate);
        if (v > hp.min() && v < hp.max()) {
            return new double[] {encode(v - 1), encode(v + 1)};
        }
        if (v > hp.min()) {
            return new double[] {encode(v - 1)};
        }
        if (v < hp.max()) {
            return new double[] {encode(v + 1)};
        }
        return new double[0];
    }
}
