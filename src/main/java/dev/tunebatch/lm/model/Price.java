package dev.tunebatch.lm.model;

/**
 * What a model costs, per million tokens.
 *
 * @param inputPerMillion  price of a million prompt tokens
 * @param outputPerMillion price of a million completion tokens
 */
public record Price(double inputPerMillion, double outputPerMillion) {

    /** Free (local models). */
    public static final Price FREE = new Price(0, 0);

    public Price {
        if (inputPerMillion < 0 || outputPerMillion < 0 || Double.isNaN(inputPerMillion)
                || Double.isNaN(outputPerMillion)) {
            throw new IllegalArgumentException("price: per-million prices must be >= 0, got input "
                    + inputPerMillion + " and output " + outputPerMillion + ".");
        }
    }

    /** The cost of {@code usage}. */
    public double cost(TokenUsage usage) {
        return (usage.inputTokens() * inputPerMillion + usage.outputTokens() * outputPerMillion) / 1_000_000.0;
    }
}
