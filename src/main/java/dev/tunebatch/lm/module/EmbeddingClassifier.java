package dev.tunebatch.lm.module;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.embedding.EmbeddingModel;
import dev.tunebatch.lm.embedding.Vectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Classifies (or routes) an input by embedding similarity to a bank of labelled examples, with no language model
 * server: each label's score aggregates the cosine similarities of its examples ({@link Aggregation}), scores become
 * probabilities by a softmax at the similarity temperature, and the classifier abstains (label null) when the best
 * probability is below the threshold. Training chooses which examples enter the bank: the bank is the fixed seed
 * examples plus the learned examples, at most {@code examplesPerLabel} learned ones per label. Output:
 * {@link Classification}.
 */
public final class EmbeddingClassifier implements FewShotLearner {

    /** How the similarities of one label's examples make that label's score. */
    public enum Aggregation {
        /** The nearest example's similarity. */
        MAX,
        /** The mean similarity. */
        MEAN,
        /** A soft maximum: temperature × log Σ exp(similarity / temperature). */
        LOG_SUM_EXP
    }

    private record Entry(String label, float[] vector, Example example) {
    }

    private record Bank(List<Entry> seeds, List<Entry> learned) {
    }

    private final String name;
    private final EmbeddingModel embeddings;
    private final String textField;
    private final int examplesPerLabel;
    private final double temperature;
    private final double threshold;
    private final Aggregation aggregation;
    private final Executor executor;
    private volatile Bank bank;

    private EmbeddingClassifier(Builder b) {
        this.name = b.name;
        this.embeddings = b.embeddings;
        this.textField = b.textField;
        this.examplesPerLabel = b.examplesPerLabel;
        this.temperature = b.temperature;
        this.threshold = b.threshold;
        this.aggregation = b.aggregation;
        this.executor = b.executor;
        this.bank = new Bank(entries(b.seeds, Integer.MAX_VALUE), List.of());
    }

    public static Builder builder(EmbeddingModel embeddings) {
        return new Builder(embeddings);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DataSchema outputSchema() {
        return DataSchema.of(Classification.class);
    }

    @Override
    public boolean learnsFromTargets() {
        return true;
    }

    @Override
    public List<Example> examples() {
        return bank.learned().stream().map(Entry::example).toList();
    }

    @Override
    public void setExamples(List<Example> examples) {
        bank = new Bank(bank.seeds(), entries(examples, examplesPerLabel));
    }

    /** The seed and learned examples in use. */
    public int bankSize() {
        Bank b = bank;
        return b.seeds().size() + b.learned().size();
    }

    private List<Entry> entries(List<Example> examples, int perLabel) {
        Map<String, Integer> count = new HashMap<>();
        List<Entry> out = new ArrayList<>();
        for (Example e : examples) {
            JsonNode label = e.output().get("label");
            if (label == null || !label.isString()) {
                continue;
            }
            String l = label.asString();
            if (count.merge(l, 1, Integer::sum) > perLabel) {
                continue;
            }
            out.add(new Entry(l, embeddings.embed(text(e.input())), e));
        }
        return List.copyOf(out);
    }

    /** The text embedded for {@code input}. */
    String text(JsonNode input) {
        if (textField != null) {
            JsonNode v = input.get(textField);
            if (v == null) {
                throw new IllegalArgumentException("EmbeddingClassifier '" + name + "': input has no field '"
                        + textField + "' (fields: " + names(input) + "); set textField to one of them.");
            }
            return v.isString() ? v.asString() : Json.write(v);
        }
        List<String> strings = new ArrayList<>();
        input.properties().forEach(p -> {
            if (p.getValue().isString()) {
                strings.add(p.getValue().asString());
            }
        });
        return strings.size() == 1 ? strings.get(0) : Json.canonicalText(input);
    }

    private static List<String> names(JsonNode n) {
        List<String> l = new ArrayList<>();
        n.propertyNames().forEach(l::add);
        return l;
    }

    @Override
    public CompletionStage<JsonNode> call(JsonNode input, ModuleContext context) {
        if (input == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> {
            JsonNode out = classify(input);
            if (context.training()) {
                context.trace().record(this, input, out);
            }
            return out;
        }, executor);
    }

    /** The classification of {@code input} as JSON. */
    public JsonNode classify(JsonNode input) {
        Bank b = bank;
        ObjectNode out = Json.object();
        if (b.seeds().isEmpty() && b.learned().isEmpty()) {
            out.putNull("label");
            out.put("confidence", 0.0);
            return out;
        }
        float[] q = embeddings.embed(text(input));
        Map<String, List<Double>> sims = new LinkedHashMap<>();
        for (List<Entry> part : List.of(b.seeds(), b.learned())) {
            for (Entry e : part) {
                sims.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(Vectors.cosine(q, e.vector()));
            }
        }
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : sims.entrySet()) {
            double s = aggregate(e.getValue());
            scores.put(e.getKey(), s);
            if (s > bestScore) {
                bestScore = s;
                best = e.getKey();
            }
        }
        double z = 0;
        for (double s : scores.values()) {
            z += Math.exp((s - bestScore) / temperature);
        }
        double confidence = 1.0 / z;
        if (confidence < threshold) {
            out.putNull("label");
        } else {
            out.put("label", best);
        }
        out.put("confidence", confidence);
        return out;
    }

    private double aggregate(List<Double> s) {
        return switch (aggregation) {
            case MAX -> s.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            case MEAN -> s.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            case LOG_SUM_EXP -> {
                double m = s.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                double sum = 0;
                for (double v : s) {
                    sum += Math.exp((v - m) / temperature);
                }
                yield m + temperature * Math.log(sum);
            }
        };
    }

    @Override
    public JsonNode saveState() {
        ObjectNode o = Json.object();
        ArrayNode arr = o.putArray("examples");
        bank.learned().forEach(e -> arr.add(e.example().toJson()));
        return o;
    }

    @Override
    public void restoreState(JsonNode state) {
        if (state == null || !state.has("examples") || !state.get("examples").isArray()) {
            throw new IllegalArgumentException("EmbeddingClassifier '" + name + "': state must be "
                    + "{\"examples\": [...]}, got " + state + ".");
        }
        List<Example> examples = new ArrayList<>();
        state.get("examples").forEach(e -> examples.add(Example.fromJson(e)));
        setExamples(examples);
    }

    /** Builds an {@link EmbeddingClassifier}. */
    public static final class Builder {
        private final EmbeddingModel embeddings;
        private String name = "classifier";
        private String textField;
        private int examplesPerLabel = 4;
        private double temperature = 0.05;
        private double threshold = 0.0;
        private Aggregation aggregation = Aggregation.MAX;
        private final List<Example> seeds = new ArrayList<>();
        private Executor executor = ForkJoinPool.commonPool();

        private Builder(EmbeddingModel embeddings) {
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The input field to embed; by default the only string field, else the whole input as JSON. */
        public Builder textField(String textField) {
            this.textField = textField;
            return this;
        }

        /** The most learned examples per label in the bank. */
        public Builder examplesPerLabel(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("examplesPerLabel: " + n + " must be at least 1.");
            }
            this.examplesPerLabel = n;
            return this;
        }

        /** The softmax temperature turning label scores into probabilities (lower is sharper). */
        public Builder temperature(double t) {
            if (!(t > 0)) {
                throw new IllegalArgumentException("temperature: " + t + " must be > 0, e.g. 0.05.");
            }
            this.temperature = t;
            return this;
        }

        /** The confidence below which the classifier abstains (0 = never abstain). */
        public Builder threshold(double threshold) {
            if (threshold < 0 || threshold > 1) {
                throw new IllegalArgumentException("threshold: " + threshold + " must be in [0, 1].");
            }
            this.threshold = threshold;
            return this;
        }

        public Builder aggregation(Aggregation aggregation) {
            this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
            return this;
        }

        /** A fixed example of the bank (always kept): {@code input} (a record, map or JSON) labelled {@code label}. */
        public Builder seedExample(Object input, String label) {
            ObjectNode out = Json.object();
            out.put("label", label);
            out.put("confidence", 1.0);
            seeds.add(new Example(dev.tunebatch.lm.data.DataModels.toJson(input, "seed example input"), out));
            return this;
        }

        /** Where classification runs (default the common fork-join pool). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public EmbeddingClassifier build() {
            return new EmbeddingClassifier(this);
        }
    }
}
