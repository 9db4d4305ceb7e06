package dev.tunebatch.hp;

import java.math.BigDecimal;

/**
 * The numeric formulas shared by {@link FloatParam} and {@link IntParam} (keras-tuner {@code numerical.py}).
 * Linear steps are computed in decimal so that {@code 0.1 * 3} is {@code 0.3}, and a step that divides the range
 * exactly includes {@code max} (Python's float {@code //} would drop it).
 */
record NumericRange(double min, double max, Double step, Sampling sampling) {

    private static final double EPS = 1e-9;

    double sample(double p, double hi) {
        double lo = min;
        return switch (sampling) {
            case LINEAR -> lo + p * (hi - lo);
            case LOG -> lo * Math.pow(hi / lo, p);
            case REVERSE_LOG -> hi + lo - lo * Math.pow(hi / lo, 1 - p);
        };
    }

    double toProb(double v, double hi) {
        double lo = min;
        if (hi == lo) {
            return 0.5;
        }
        return switch (sampling) {
            case LINEAR -> (v - lo) / (hi - lo);
            case LOG -> Math.log(v / lo) / Math.log(hi / lo);
            case REVERSE_LOG -> 1 - Math.log((hi + lo - v) / lo) / Math.log(hi / lo);
        };
    }

    int valueCount() {
        if (sampling == Sampling.LINEAR) {
            // In decimal, like valueByIndex, so that the last value min + (n-1)*step never exceeds max.
            BigDecimal steps = BigDecimal.valueOf(max).subtract(BigDecimal.valueOf(min))
                    .divideToIntegralValue(BigDecimal.valueOf(step));
            return steps.min(BigDecimal.valueOf(Integer.MAX_VALUE - 1)).intValue() + 1;
        }
        return (int) (Math.log(max / min) / Math.log(step) + 1e-8) + 1;
    }

    double valueByIndex(int i) {
        return switch (sampling) {
            case LINEAR -> BigDecimal.valueOf(min).add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(i)))
                    .doubleValue();
            case LOG -> min * Math.pow(step, i);
            case REVERSE_LOG -> max + min - min * Math.pow(step, i);
        };
    }

    double toProbWithStep(double v) {
        double index = switch (sampling) {
            case LINEAR -> Math.floor((v - min) / step + EPS);
            case LOG -> Math.log(v / min) / Math.log(step);
            case REVERSE_LOG -> Math.log((max - v + min) / min) / Math.log(step);
        };
        return (index + 0.5) * (1.0 / valueCount());
    }

    static int probToIndex(double p, int n) {
        int i = (int) Math.floor(p / (1.0 / n));
        return Math.min(Math.max(i, 0), n - 1);
    }

    static double indexToProb(int i, int n) {
        return (i + 0.5) * (1.0 / n);
    }

    /** Validates bounds, sampling and step for hyperparameter {@code name}. */
    static void check(String name, double min, double max, Double step, Sampling sampling) {
        if (Double.isNaN(min) || Double.isNaN(max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("Hyperparameter '" + name + "': min_value " + min + " and max_value "
                    + max + " must be finite numbers.");
        }
        if (min > max) {
            throw new IllegalArgumentException("Hyperparameter '" + name + "': min_value " + text(min)
                    + " is greater than the max_value " + text(max) + "; swap them.");
        }
        if (sampling != Sampling.LINEAR && min <= 0) {
            throw new IllegalArgumentException("Hyperparameter '" + name + "': sampling=" + sampling.configName()
                    + " does not support negative values or zero (min_value " + text(min)
                    + "); use a min_value > 0 or linear sampling.");
        }
        if (step != null) {
            if (sampling == Sampling.LINEAR && !(step > 0)) {
                throw new IllegalArgumentException("Hyperparameter '" + name + "': step " + step
                        + " must be > 0 for linear sampling.");
            }
            if (sampling != Sampling.LINEAR && !(step > 1)) {
                throw new IllegalArgumentException("Hyperparameter '" + name + "': expected step > 1 with sampling="
                        + sampling.configName() + ", got step " + step
                        + " (the step is a multiplicative factor in log space).");
            }
        }
    }

    /** A bound as the user wrote it: {@code 1} for a whole number, not {@code 1.0}. */
    private static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
