package dev.tunebatch.lm.reward;

import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.embedding.EmbeddingModel;
import dev.tunebatch.lm.embedding.Vectors;
import dev.tunebatch.lm.usage.CallContext;
import tools.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cosine similarity of the embeddings of target and prediction (after the masks; a single remaining string field
 * is embedded as plain text, anything else as canonical JSON), clipped to [0, 1]. Named {@code cosine_similarity}.
 */
public final class CosineSimilarity implements Reward {

    private final EmbeddingModel embeddings;
    private final Masks masks;

    public CosineSimilarity(EmbeddingModel embeddings) {
        this(embeddings, Masks.NONE);
    }

    public CosineSimilarity(EmbeddingModel embeddings, Masks masks) {
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.masks = Objects.requireNonNull(masks, "masks");
    }

    @Override
    public String name() {
        return "cosine_similarity";
    }

    @Override
    public CompletionStage<Double> score(JsonNode yTrue, JsonNode yPred, CallContext context) {
        if (yTrue == null || yPred == null || yPred.isNull()) {
            return CompletableFuture.completedFuture(0.0);
        }
        return CompletableFuture.supplyAsync(() -> {
            double c = Vectors.cosine(embeddings.embed(text(masks.apply(yTrue))),
                    embeddings.embed(text(masks.apply(yPred))));
            return Math.max(0.0, Math.min(1.0, c));
        });
    }

    static String text(JsonNode json) {
        if (json.isObject() && json.size() == 1) {
            JsonNode only = json.properties().iterator().next().getValue();
            if (only.isString()) {
                return only.asString();
            }
        }
        return json.isString() ? json.asString() : Json.canonicalText(json);
    }
}
