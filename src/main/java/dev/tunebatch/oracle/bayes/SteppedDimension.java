package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.HyperParameter;

/**
 * A hyperparameter with a finite ordered list of values: a float or int with a step, or an ordered choice. Its
 * coordinate is the centre of the value's bucket ({@code (index + 0.5) / levels}), and neighbours are one bucket
 * away.
 *
 * @param levels how many values the hyperparameter has
 */
record SteppedDimension(HyperParameter hp, int levels) implements Dimension {

    /**
     * Reads the number of values from the hyperparameter's own mapping: the first value sits at the centre of the
     * first bucket, {@code 0.5 / levels}.
     */
    static SteppedDimension of(HyperParameter hp) {
        double first = hp.valueToProb(hp.probToValue(0.0));
        int levels = (int) Math.max(1, Math.round(0.5 / first));
        return new SteppedDimension(hp, levels);
    }

    @Override
    public double[] neighbours(double coordinate) {
        double width = 1.0 / levels;
        double down = coordinate - width;
        double up = coordinate + width;
        if (down > 0 && up < 1) {
            return new double[] {encode(decode(down)), encode(decode(up))};
        }
        if (down > 0) {
            return new double[] {encode(decode(down))};
        }
        if (up < 1) {
            return new double[] {encode(decode(up))};
        }
        return new double[0];
    }
}
