package dev.tunebatch.lm.model;

import java.util.Map;
import java.util.Objects;

/**
 * Prices per model name, with a default for models not listed (free unless configured). Spring AI computes no
 * money; this table is where cost comes from.
 */
public final class PriceTable {

    /** Every model free. */
    public static final PriceTable FREE = new PriceTable(Map.of(), Price.FREE);

    private final Map<String, Price> prices;
    private final Price fallback;

    public PriceTable(Map<String, Price> prices, Price fallback) {
        this.prices = Map.copyOf(prices);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** A table of {@code prices}; unlisted models are free. */
    public static PriceTable of(Map<String, Price> prices) {
        return new PriceTable(prices, Price.FREE);
    }

    /** The price of {@code model}. */
    public Price priceOf(String model) {
        return prices.getOrDefault(model, fallback);
    }

    /** The cost of {@code usage} on {@code model}. */
    public double cost(String model, TokenUsage usage) {
        return priceOf(model).cost(usage);
    }
}
