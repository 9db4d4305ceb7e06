package dev.tunebatch.lm.data;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversions between user data (records, maps, JSON nodes, JSON text) and the JSON objects the runtime passes
 * between modules.
 */
public final class DataModels {

    private DataModels() {
    }

    /**
     * The JSON object of {@code value}: a record or map becomes an object, a JSON node is copied, a string is parsed.
     *
     * @param what names the value in error messages, e.g. {@code "x[3]"}
     */
    public static ObjectNode toJson(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null; pass a record, a Map or a JSON object.");
        }
        JsonNode node;
        if (value instanceof JsonNode n) {
            node = n.deepCopy();
        } else if (value instanceof String s) {
            node = Json.parse(s, what);
        } else {
            try {
                node = Json.MAPPER.valueToTree(value);
            } catch (JacksonException e) {
                throw new IllegalArgumentException(what + " (" + value.getClass().getName()
                        + ") cannot be turned into JSON: " + e.getOriginalMessage());
            }
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new IllegalArgumentException(what + " must be a JSON object (a record or a Map), got "
                    + Json.abbreviate(String.valueOf(node), 120) + ".");
        }
        return obj;
    }

    /** The record (or other type) that {@code json} describes. */
    public static <T> T fromJson(JsonNode json, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(json, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("JSON " + Json.abbreviate(Json.write(json), 200)
                    + " does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
