package dev.tunebatch.lm.module;

import dev.tunebatch.lm.data.DataSchema;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Modules in sequence: each one's output is the next one's input; a null output ends the chain with null. */
public final class Chain implements Module {

    private final String name;
    private final List<Module> steps;

    private Chain(String name, List<Module> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("Chain '" + name + "' has no steps; pass at least one module.");
        }
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    /** A chain of {@code steps}. */
    public static Chain of(Module... steps) {
        return new Chain("chain", List.of(steps));
    }

    /** A named chain of {@code steps}. */
    public static Chain named(String name, List<? extends Module> steps) {
        return new Chain(name, List.copyOf(steps));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Module> children() {
        return steps;
    }

    @Override
    public DataSchema outputSchema() {
        return steps.get(steps.size() - 1).outputSchema();
    }

    @Override
    public CompletionStage<JsonNode> call(JsonNode input, ModuleContext context) {
        CompletionStage<JsonNode> stage = CompletableFuture.completedFuture(input);
        for (Module step : steps) {
            stage = stage.thenCompose(in -> in == null ? CompletableFuture.completedFuture(null)
                    : step.call(in, context));
        }
        return stage;
    }
}
