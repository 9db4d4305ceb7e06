package dev.tunebatch.lm.reward;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Field masks of rewards: {@code inMask} keeps only the listed top-level fields, {@code outMask} drops the listed
 * ones (both may be null).
 */
public record Masks(List<String> inMask, List<String> outMask) {

    /** No mask. */
    public static final Masks NONE = new Masks(null, null);

    public Masks {
        inMask = inMask == null ? null : List.copyOf(inMask);
        outMask = outMask == null ? null : List.copyOf(outMask);
    }

    /** {@code json} with the masks applied (a copy). */
    public JsonNode apply(JsonNode json) {
        if (json == null || !json.isObject() || (inMask == null && outMask == null)) {
            return json;
        }
        ObjectNode copy = ((ObjectNode) json).deepCopy();
        if (inMask != null) {
            copy.retain(inMask);
        }
        if (outMask != null) {
            copy.remove(outMask);
        }
        return copy;
    }
}
