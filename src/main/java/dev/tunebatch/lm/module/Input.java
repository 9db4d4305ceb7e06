package dev.tunebatch.lm.module;

import dev.tunebatch.lm.data.DataSchema;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A program's entry: declares the input data model; passes inputs on unchanged. */
public final class Input implements Module {

    private final DataSchema schema;

    private Input(DataSchema schema) {
        this.schema = schema;
    }

    /** An input of the record type {@code dataModel}. */
    public static Input of(Class<? extends Record> dataModel) {
        return new Input(DataSchema.of(dataModel));
    }

    /** An input described by a schema. */
    public static Input of(DataSchema schema) {
        return new Input(schema);
    }

    @Override
    public String name() {
        return "input";
    }

    /** The input's schema. */
    public DataSchema schema() {
        return schema;
    }

    @Override
    public DataSchema outputSchema() {
        return schema;
    }

    @Override
    public CompletionStage<JsonNode> call(JsonNode input, ModuleContext context) {
        return CompletableFuture.completedFuture(input);
    }
}
