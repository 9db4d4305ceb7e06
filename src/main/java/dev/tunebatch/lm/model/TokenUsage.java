package dev.tunebatch.lm.model;

/**
 * Tokens a server reported for one answer.
 *
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 */
public record TokenUsage(long inputTokens, long outputTokens) {

    /** No tokens. */
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}
