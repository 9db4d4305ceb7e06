package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.UsageTracker;
import tools.jackson.databind.JsonNode;

/**
 * A quantity reported per epoch and per evaluation under {@link #name()} (and {@code val_} + name for validation).
 * Its {@link #direction()} is the class's, as in Synalinks' registry, so that objectives can be inferred from names.
 * {@code compile} copies every metric it is given, so programs never share metric state.
 */
public interface Metric {

    /** Whether higher ({@link #UP}) or lower ({@link #DOWN}) is better, or neither ({@link #NONE}). */
    enum Direction {
        UP, DOWN, NONE
    }

    /** The history key. */
    String name();

    /** The direction of this metric. */
    Direction direction();

    /** Accumulates one sample (target, prediction; the prediction may be null). */
    void update(JsonNode yTrue, JsonNode yPred);

    /** The value accumulated since the last {@link #reset()}. */
    double result();

    /** Starts accumulating afresh. */
    void reset();

    /** A fresh, unbound metric with the same settings. */
    Metric copy();

    /** Binds an operational metric to the counters of the program that compiled it (no-op for others). */
    default void bind(UsageTracker tracker) {
    }
}
