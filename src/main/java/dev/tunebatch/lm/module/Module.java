package dev.tunebatch.lm.module;

import dev.tunebatch.lm.data.DataSchema;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A step of an LM program: takes a JSON object, answers a JSON object, asynchronously. A {@code null} input (an
 * earlier step failed) yields a {@code null} output without any call.
 */
public interface Module {

    /** The module's name (state keys, logs). */
    String name();

    /** Handles one input. */
    CompletionStage<JsonNode> call(JsonNode input, ModuleContext context);

    /** The schema of the output, or {@code null} when it is not known in advance. */
    default DataSchema outputSchema() {
        return null;
    }

    /** The modules this one is made of (for composites). */
    default List<Module> children() {
        return List.of();
    }
}
