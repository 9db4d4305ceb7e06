package dev.tunebatch.lm.module;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.model.LanguageModel;
import dev.tunebatch.lm.model.LmMessage;
import dev.tunebatch.lm.model.LmPrompt;
import dev.tunebatch.lm.model.Sampling;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks a language model for a structured answer: instructions and the output schema as the system message, the
 * few-shot examples as earlier turns, the input as JSON; the answer must be a JSON object that follows the output
 * schema (validated; otherwise retried, and null when retries run out). Temperature, max tokens, top-p and seed are
 * sent only when set. Its trainable state (instructions and examples) is JSON.
 */
public final class Generator implements FewShotLearner {

    /** The instructions used when none are given. */
    public static final String DEFAULT_INSTRUCTIONS =
            "Work out the answer to the user's input and reply with the requested JSON object only.";

    /** The immutable state in use; replaced whole, so concurrent calls see a consistent one. */
    private record State(String instructions, List<Example> examples) {
    }

    private final String name;
    private final DataSchema schema;
    private final LanguageModel languageModel;
    private final Sampling sampling;
    private volatile State state;

    private Generator(Builder b) {
        this.name = b.name;
        this.schema = b.schema;
        this.languageModel = b.languageModel;
        this.sampling = new Sampling(b.temperature, b.maxTokens, b.topP, b.seed);
        this.state = new State(b.instructions, List.copyOf(b.examples));
    }

    /** A generator answering with the record type {@code dataModel}. */
    public static Builder builder(Class<? extends Record> dataModel) {
        return new Builder(DataSchema.of(dataModel));
    }

    /** A generator answering with {@code schema}. */
    public static Builder builder(DataSchema schema) {
        return new Builder(schema);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DataSchema outputSchema() {
        return schema;
    }

    /** The language model asked. */
    public LanguageModel languageModel() {
        return languageModel;
    }

    /** The sampling parameters sent (unset ones are not sent). */
    public Sampling sampling() {
        return sampling;
    }

    /** The instructions in use. */
    public String instructions() {
        return state.instructions();
    }

    @Override
    public List<Example> examples() {
        return state.examples();
    }

    @Override
    public void setExamples(List<Example> examples) {
        state = new State(state.instructions(), List.copyOf(examples));
    }

    /** Replaces the instructions. */
    public void setInstructions(String instructions) {
        state = new State(Objects.requireNonNull(instructions, "instructions"), state.examples());
    }

    /** The prompt this generator sends for {@code input}. */
    public LmPrompt prompt(JsonNode input) {
        State s = state;
        List<LmMessage> messages = new ArrayList<>();
        messages.add(LmMessage.system(s.instructions() + "\n\nReply with one JSON object that follows this JSON "
                + "schema:\n" + schema));
        for (Example e : s.examples()) {
            messages.add(LmMessage.user(Json.canonicalText(e.input())));
            messages.add(LmMessage.assistant(Json.canonicalText(e.output())));
        }
        messages.add(LmMessage.user(Json.canonicalText(input)));
        return new LmPrompt(messages, schema, sampling);
    }

    @Override
    public CompletionStage<JsonNode> call(JsonNode input, ModuleContext context) {
        if (input == null) {
            return CompletableFuture.completedFuture(null);
        }
        return languageModel.generate(prompt(input), context.calls()).thenApply(result -> {
            JsonNode out = result.failed() ? null : result.json();
            if (context.training()) {
                context.trace().record(this, input, out);
            }
            return out;
        });
    }

    @Override
    public JsonNode saveState() {
        State s = state;
        ObjectNode o = Json.object();
        o.put("instructions", s.instructions());
        ArrayNode examples = o.putArray("examples");
        s.examples().forEach(e -> examples.add(e.toJson()));
        return o;
    }

    @Override
    public void restoreState(JsonNode json) {
        if (json == null || !json.has("instructions") || !json.has("examples")) {
            throw new IllegalArgumentException("Generator '" + name + "': state must be {\"instructions\": ..., "
                    + "\"examples\": [...]}, got " + json + ".");
        }
        List<Example> examples = new ArrayList<>();
        json.get("examples").forEach(e -> examples.add(Example.fromJson(e)));
        state = new State(json.get("instructions").asString(), List.copyOf(examples));
    }

    @Override
    public String toString() {
        return "Generator[" + name + ", " + languageModel.model() + ", " + sampling + "]";
    }

    /** Builds a {@link Generator}; the language model is required. */
    public static final class Builder {
        private final DataSchema schema;
        private LanguageModel languageModel;
        private String name = "generator";
        private String instructions = DEFAULT_INSTRUCTIONS;
        private final List<Example> examples = new ArrayList<>();
        private Double temperature;
        private Integer maxTokens;
        private Double topP;
        private Integer seed;

        private Builder(DataSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
        }

        public Builder languageModel(LanguageModel languageModel) {
            this.languageModel = languageModel;
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder instructions(String instructions) {
            this.instructions = Objects.requireNonNull(instructions, "instructions");
            return this;
        }

        /** Initial few-shot examples (records, maps or JSON objects for input and output). */
        public Builder example(Object input, Object output) {
            examples.add(new Example(dev.tunebatch.lm.data.DataModels.toJson(input, "example input"),
                    dev.tunebatch.lm.data.DataModels.toJson(output, "example output")));
            return this;
        }

        /** Sampling temperature; not sent when null. */
        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Most tokens to generate; not sent when null. */
        public Builder maxTokens(Integer maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** Nucleus sampling; not sent when null. */
        public Builder topP(Double topP) {
            this.topP = topP;
            return this;
        }

        /** Server-side sampling seed; not sent when null. */
        public Builder seed(Integer seed) {
            this.seed = seed;
            return this;
        }

        public Generator build() {
            if (languageModel == null) {
                throw new IllegalArgumentException("Generator '" + name + "': languageModel is required; pass "
                        + ".languageModel(languageModels.get(\"endpoint\", \"model\")).");
            }
            return new Generator(this);
        }
    }
}
