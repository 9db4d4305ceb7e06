package dev.tunebatch.tuner;

import dev.tunebatch.oracle.hyperband.HyperbandOracle;

/**
 * Successive halving: many configurations for few epochs, the best promoted to more epochs. Each trial really
 * trains within its budget ({@code FitArgs.epochs()} = {@code tuner/epochs}, {@code initialEpoch()} =
 * {@code tuner/initial_epoch}), and a promoted trial starts from its parent's state when the program is
 * {@code Checkpointable}. Needs an objective that improves smoothly with epochs. There is no {@code maxTrials}: the
 * budget is {@code maxEpochs}, {@code factor} and {@code hyperbandIterations}.
 */
public final class Hyperband extends Tuner {

    private Hyperband(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Hyperband}. */
    public static final class Builder extends TunerBuilder<Hyperband, Builder> {
        private int maxEpochs = HyperbandOracle.DEFAULT_MAX_EPOCHS;
        private int factor = HyperbandOracle.DEFAULT_FACTOR;
        private int hyperbandIterations = HyperbandOracle.DEFAULT_ITERATIONS;

        Builder() {
            super(null);
        }

        @Override
        protected dev.tunebatch.oracle.Oracle newOracle() {
            return new HyperbandOracle(oracleConfig(), maxEpochs, factor, hyperbandIterations);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The most epochs a trial trains (default 100). */
        public Builder maxEpochs(int maxEpochs) {
            this.maxEpochs = maxEpochs;
            return this;
        }

        /** The reduction factor between rounds (default 3, at least 2). */
        public Builder factor(int factor) {
            this.factor = factor;
            return this;
        }

        /** How many times the whole bracket sequence runs (default 1). */
        public Builder hyperbandIterations(int hyperbandIterations) {
            this.hyperbandIterations = hyperbandIterations;
            return this;
        }

        /** Hyperband has no trial limit; this always fails with a message saying what to set instead. */
        @Override
        public Builder maxTrials(int maxTrials) {
            throw new IllegalArgumentException("maxTrials: Hyperband has no trial limit (got " + maxTrials
                    + "); its budget is maxEpochs, factor and hyperbandIterations.");
        }

        @Override
        public Hyperband build() {
            return new Hyperband(this);
        }
    }
}
