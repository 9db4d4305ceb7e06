package dev.tunebatch.tuner;

import dev.tunebatch.oracle.random.RandomSearchOracle;

/** Random search: the right default when there is no prior; 10 trials unless told otherwise. */
public final class RandomSearch extends Tuner {

    private RandomSearch(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RandomSearch}. */
    public static final class Builder extends TunerBuilder<RandomSearch, Builder> {
        Builder() {
            super(10);
        }

        @Override
        protected dev.tunebatch.oracle.Oracle newOracle() {
            return new RandomSearchOracle(oracleConfig());
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public RandomSearch build() {
            return new RandomSearch(this);
        }
    }
}
