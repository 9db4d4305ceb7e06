package dev.tunebatch.lm.module;

import dev.tunebatch.lm.data.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A few-shot example: an input and the output a module should give for it.
 *
 * @param input  the module's input (a JSON object)
 * @param output the expected output (a JSON object)
 */
public record Example(JsonNode input, JsonNode output) {

    public Example {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }

    /** The example as {@code {"input": ..., "output": ...}}. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.set("input", input);
        o.set("output", output);
        return o;
    }

    /** Reads {@code {"input": ..., "output": ...}}. */
    public static Example fromJson(JsonNode json) {
        if (json == null || !json.has("input") || !json.has("output")) {
            throw new IllegalArgumentException("A few-shot example must be {\"input\": {...}, \"output\": {...}}, got "
                    + json + ".");
        }
        return new Example(json.get("input"), json.get("output"));
    }
}
