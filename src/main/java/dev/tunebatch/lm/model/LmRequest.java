package dev.tunebatch.lm.model;

import dev.tunebatch.lm.data.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A full request: the model and the prompt. Its canonical JSON (model, messages, schema, set sampling parameters,
 * seed) is what the response cache is keyed on; it holds no endpoint address and no credential.
 *
 * @param model  the model name as the server knows it
 * @param prompt messages, schema and sampling
 */
public record LmRequest(String model, LmPrompt prompt) {

    public LmRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: a request needs a model name, e.g. \"qwen2.5:7b\".");
        }
        Objects.requireNonNull(prompt, "prompt");
    }

    /** The request as JSON, in the form hashed for the cache. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("model", model);
        ArrayNode messages = o.putArray("messages");
        for (LmMessage m : prompt.messages()) {
            messages.addObject().put("role", m.role().name().toLowerCase(java.util.Locale.ROOT))
                    .put("content", m.content());
        }
        if (prompt.outputSchema() != null) {
            o.set("schema", prompt.outputSchema().json());
        }
        o.set("sampling", prompt.sampling().toJson());
        return o;
    }

    /** The cache key: the SHA-256 of the canonical request JSON. */
    public String cacheKey() {
        return Json.sha256(toJson());
    }
}
