package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.reward.Masks;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * The share of predictions equal to their target on the given fields (all fields when none are given); a null
 * prediction counts as wrong. Named {@code accuracy}, direction up.
 */
public final class Accuracy implements Metric {

    private final List<String> fields;
    private final Masks masks;
    private long right;
    private long total;

    /** Compares the listed fields (all when none). */
    public Accuracy(String... fields) {
        this.fields = List.of(fields);
        this.masks = fields.length == 0 ? Masks.NONE : new Masks(this.fields, null);
    }

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public synchronized void update(JsonNode yTrue, JsonNode yPred) {
        total++;
        if (yTrue != null && yPred != null && !yPred.isNull() && masks.apply(yTrue).equals(masks.apply(yPred))) {
            right++;
        }
    }

    @Override
    public synchronized double result() {
        return total == 0 ? 0.0 : (double) right / total;
    }

    @Override
    public synchronized void reset() {
        right = 0;
        total = 0;
    }

    @Override
    public Metric copy() {
        return new Accuracy(fields.toArray(String[]::new));
    }
}
