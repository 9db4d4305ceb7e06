package dev.tunebatch.lm.module;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Branches that run concurrently on the same input; their JSON objects are merged into one. Branches with known
 * output schemas must not share a field name. If any branch fails (null), the merged output is null.
 */
public final class Parallel implements Module {

    private final String name;
    private final List<Module> branches;

    private Parallel(String name, List<Module> branches) {
        if (branches.size() < 2) {
            throw new IllegalArgumentException("Parallel '" + name + "' needs at least two branches, got "
                    + branches.size() + "; use the module itself instead.");
        }
        Map<String, String> owner = new HashMap<>();
        for (Module b : branches) {
            DataSchema s = b.outputSchema();
            if (s == null) {
                continue;
            }
            for (String field : s.propertyNames()) {
                String previous = owner.putIfAbsent(field, b.name());
                if (previous != null) {
                    throw new IllegalArgumentException("Parallel '" + name + "': branches '" + previous + "' and '"
                            + b.name() + "' both output field '" + field + "'; rename the field in one data model.");
                }
            }
        }
        this.name = name;
        this.branches = List.copyOf(branches);
    }

    /** Branches {@code branches}, merged. */
    public static Parallel of(Module... branches) {
        return new Parallel("parallel", List.of(branches));
    }

    /** Named branches, merged. */
    public static Parallel named(String name, List<? extends Module> branches) {
        return new Parallel(name, List.copyOf(branches));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Module> children() {
        return branches;
    }

    @Override
    public CompletionStage<JsonNode> call(JsonNode input, ModuleContext context) {
        List<CompletableFuture<JsonNode>> running = new ArrayList<>();
        for (Module b : branches) {
            running.add(b.call(input, context).toCompletableFuture());
        }
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply(done -> {
            ObjectNode merged = Json.object();
            for (CompletableFuture<JsonNode> f : running) {
                JsonNode out = f.join();
                if (out == null || !out.isObject()) {
                    return null;
                }
                merged.setAll((ObjectNode) out);
            }
            return merged;
        });
    }
}
