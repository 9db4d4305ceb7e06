package dev.tunebatch.oracle.bayes;

/**
 * The lower confidence bound {@code μ(x) − β·σ(x)} of the minimised score, keras-tuner's acquisition. {@code β}
 * trades exploration (large) for exploitation (small); {@code β = 0} minimises the posterior mean. Ranking by it on
 * the standardised scale is the same as on the original scale.
 *
 * @param beta the weight of the posterior standard deviation, at least 0
 */
record ConfidenceBound(double beta) implements Acquisition {

    ConfidenceBound {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta: " + beta + " is not a finite number >= 0; pass e.g. 2.6 "
                    + "(keras-tuner's default), larger to explore more, smaller to exploit.");
        }
    }

    @Override
    public double value(double mean, double variance) {
        return mean - beta * Math.sqrt(variance);
    }
}
