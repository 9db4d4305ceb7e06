package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.bayes.BayesianOptimizationOracle;

/**
 * Gaussian-process Bayesian optimisation: random trials first ({@code numInitialPoints}, default
 * max(3 × dimensions, 3)), then proposals that trade the model's mean against its uncertainty ({@code beta});
 * categorical hyperparameters are modelled as categories, log-sampled ones in log space, and a proposal never repeats
 * a tried value set. 10 trials unless told otherwise. With {@code paretoObjectives} it proposes for the front
 * (expected hypervolume improvement with two objectives, ParEGO with more); with {@code constraints} it models each
 * constrained metric and weighs proposals by the probability that they are feasible.
 */
public final class BayesianOptimization extends Tuner {

    private BayesianOptimization(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link BayesianOptimization}. */
    public static final class Builder extends TunerBuilder<BayesianOptimization, Builder> {
        private Integer numInitialPoints;
        private double alpha = BayesianOptimizationOracle.DEFAULT_ALPHA;
        private double beta = BayesianOptimizationOracle.DEFAULT_BETA;

        Builder() {
            super(10);
        }

        /** Random trials before the model takes over (default max(3 × dimensions, 3)). */
        public Builder numInitialPoints(int numInitialPoints) {
            this.numInitialPoints = numInitialPoints;
            return this;
        }

        /** The noise floor added to the model's diagonal (default 1e-4). */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** How much uncertainty counts in the confidence bound (default 2.6). */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        @Override
        protected Oracle newOracle() {
            return new BayesianOptimizationOracle(oracleConfig(), numInitialPoints, alpha, beta);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public BayesianOptimization build() {
            return new BayesianOptimization(this);
        }
    }
}
