package dev.tunebatch.tuner;

import dev.tunebatch.oracle.grid.GridSearchOracle;

/**
 * Exhaustive enumeration of Choice, Boolean and stepped Int/Float spaces, defaults first, the last-declared
 * hyperparameter varying fastest; runs until the grid is exhausted unless {@code maxTrials} is set. Use it only when
 * the grid is small. A resumed grid continues where it stopped.
 */
public final class GridSearch extends Tuner {

    private GridSearch(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GridSearch}. */
    public static final class Builder extends TunerBuilder<GridSearch, Builder> {
        Builder() {
            super(null);
        }

        @Override
        protected dev.tunebatch.oracle.Oracle newOracle() {
            return new GridSearchOracle(oracleConfig());
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public GridSearch build() {
            return new GridSearch(this);
        }
    }
}
