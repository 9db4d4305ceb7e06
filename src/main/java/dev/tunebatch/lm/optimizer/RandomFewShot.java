package dev.tunebatch.lm.optimizer;

import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.module.Example;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Few-shot example selection from rewarded training predictions: each candidate gives every learner between
 * {@code minExamples} and {@code maxExamples} distinct examples drawn without replacement with probability
 * proportional to {@code exp(reward / samplingTemperature)}; candidates are scored on a random validation minibatch
 * and the best {@code populationSize} are kept. Deterministic for a seed; its state (pool, population, randomness) is
 * JSON.
 */
public final class RandomFewShot implements Optimizer {

    private final int minExamples;
    private final int maxExamples;
    private final double samplingTemperature;
    private final int populationSize;
    private final int minibatchSize;
    private final double minReward;
    private final int poolSize;
    private final Long seed;

    private final Map<String, Deque<RewardedExample>> pool = new LinkedHashMap<>();
    private final List<Scored> population = new ArrayList<>();
    private SplitMix64 rng = new SplitMix64(0);

    private record Scored(Candidate candidate, double score) {
    }

    private RandomFewShot(Builder b) {
        this.minExamples = b.minExamples;
        this.maxExamples = b.maxExamples;
        this.samplingTemperature = b.samplingTemperature;
        this.populationSize = b.populationSize;
        this.minibatchSize = b.minibatchSize;
        this.minReward = b.minReward;
        this.poolSize = b.poolSize;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    private Builder settings() {
        Builder b = new Builder().minExamples(minExamples).maxExamples(maxExamples)
                .samplingTemperature(samplingTemperature).populationSize(populationSize).minibatchSize(minibatchSize)
                .minReward(minReward).poolSize(poolSize);
        b.seed = seed;
        return b;
    }

    @Override
    public Optimizer copy() {
        return settings().build();
    }

    @Override
    public synchronized void bind(Set<String> learners, long programSeed) {
        pool.clear();
        population.clear();
        learners.forEach(k -> pool.put(k, new ArrayDeque<>()));
        rng = new SplitMix64(seed != null ? seed : programSeed);
    }

    @Override
    public synchronized void observe(List<RewardedExample> examples) {
        for (RewardedExample e : examples) {
            Deque<RewardedExample> q = pool.get(e.learner());
            if (q == null) {
                continue;
            }
            q.addLast(e);
            while (q.size() > poolSize) {
                q.removeFirst();
            }
        }
    }

    @Override
    public synchronized Optional<Candidate> propose() {
        Map<String, List<Example>> chosen = new LinkedHashMap<>();
        boolean any = false;
        for (Map.Entry<String, Deque<RewardedExample>> e : pool.entrySet()) {
            List<RewardedExample> eligible = distinctInputs(e.getValue());
            int want = minExamples + rng.nextInt(maxExamples - minExamples + 1);
            List<Example> picked = sample(eligible, Math.min(want, eligible.size()));
            any |= !picked.isEmpty();
            chosen.put(e.getKey(), picked);
        }
        return any ? Optional.of(new Candidate(chosen)) : Optional.empty();
    }

    /** Eligible entries, the latest per distinct input. */
    private List<RewardedExample> distinctInputs(Deque<RewardedExample> entries) {
        Map<String, RewardedExample> byInput = new LinkedHashMap<>();
        for (RewardedExample r : entries) {
            if (r.reward() >= minReward) {
                String key = Json.canonicalText(r.example().input());
                byInput.remove(key);
                byInput.put(key, r);
            }
        }
        return new ArrayList<>(byInput.values());
    }

    /** {@code k} entries without replacement, weighted by exp(reward / temperature). */
    private List<Example> sample(List<RewardedExample> from, int k) {
        List<RewardedExample> left = new ArrayList<>(from);
        List<Example> out = new ArrayList<>();
        double top = left.stream().mapToDouble(RewardedExample::reward).max().orElse(0);
        while (out.size() < k && !left.isEmpty()) {
            double[] w = new double[left.size()];
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.exp((left.get(i).reward() - top) / samplingTemperature);
                total += w[i];
            }
            double u = rng.nextDouble() * total;
            int i = 0;
            while (i < w.length - 1 && u >= w[i]) {
                u -= w[i];
                i++;
            }
            out.add(left.remove(i).example());
        }
        return out;
    }

    @Override
    public synchronized List<Integer> minibatch(int validationSize) {
        int n = Math.min(minibatchSize, validationSize);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < validationSize; i++) {
            idx.add(i);
        }
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(validationSize - i);
            Integer tmp = idx.get(i);
            idx.set(i, idx.get(j));
            idx.set(j, tmp);
        }
        return List.copyOf(idx.subList(0, n));
    }

    @Override
    public synchronized void report(Candidate candidate, double score) {
        population.add(new Scored(candidate, score));
        population.sort((a, b) -> Double.compare(b.score(), a.score()));
        while (population.size() > populationSize) {
            population.remove(population.size() - 1);
        }
    }

    @Override
    public synchronized Optional<Candidate> best() {
        return population.isEmpty() ? Optional.empty() : Optional.of(population.get(0).candidate());
    }

    @Override
    public synchronized JsonNode saveState() {
        ObjectNode o = Json.object();
        o.put("rng", rng.state());
        ObjectNode p = o.putObject("pool");
        pool.forEach((k, q) -> {
            ArrayNode arr = p.putArray(k);
            q.forEach(r -> {
                ObjectNode e = r.example().toJson();
                e.put("reward", r.reward());
                arr.add(e);
            });
        });
        ArrayNode pop = o.putArray("population");
        for (Scored s : population) {
            ObjectNode c = pop.addObject();
            c.put("score", s.score());
            ObjectNode ex = c.putObject("examples");
            s.candidate().examples().forEach((k, list) -> {
                ArrayNode arr = ex.putArray(k);
                list.forEach(e -> arr.add(e.toJson()));
            });
        }
        return o;
    }

    @Override
    public synchronized void restoreState(JsonNode state) {
        if (state == null || !state.has("rng") || !state.has("pool") || !state.has("population")) {
            throw new IllegalArgumentException("RandomFewShot: state must have rng, pool and population, got "
                    + state + ".");
        }
        rng.setState(state.get("rng").asLong());
        Set<String> keys = new LinkedHashSet<>(pool.keySet());
        pool.clear();
        keys.forEach(k -> pool.put(k, new ArrayDeque<>()));
        state.get("pool").properties().forEach(e -> {
            Deque<RewardedExample> q = pool.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>());
            e.getValue().forEach(n -> q.addLast(new RewardedExample(e.getKey(), Example.fromJson(n),
                    n.path("reward").asDouble())));
        });
        population.clear();
        for (JsonNode c : state.get("population")) {
            Map<String, List<Example>> ex = new LinkedHashMap<>();
            c.get("examples").properties().forEach(e -> {
                List<Example> list = new ArrayList<>();
                e.getValue().forEach(n -> list.add(Example.fromJson(n)));
                ex.put(e.getKey(), list);
            });
            population.add(new Scored(new Candidate(ex), c.get("score").asDouble()));
        }
    }

    /** Builds a {@link RandomFewShot}; defaults as in Synalinks (1–3 examples, temperature 0.3, population 10). */
    public static final class Builder {
        private int minExamples = 1;
        private int maxExamples = 3;
        private double samplingTemperature = 0.3;
        private int populationSize = 10;
        private int minibatchSize = 4;
        private double minReward = 0.0;
        private int poolSize = 256;
        private Long seed;

        private Builder() {
        }

        public Builder minExamples(int n) {
            this.minExamples = n;
            return this;
        }

        public Builder maxExamples(int n) {
            this.maxExamples = n;
            return this;
        }

        /** The softmax temperature of example sampling (lower favours high rewards more). */
        public Builder samplingTemperature(double t) {
            this.samplingTemperature = t;
            return this;
        }

        public Builder populationSize(int n) {
            this.populationSize = n;
            return this;
        }

        /** Validation samples a candidate is scored on. */
        public Builder minibatchSize(int n) {
            this.minibatchSize = n;
            return this;
        }

        /** Predictions rewarded below this never become examples (default 0: all may). */
        public Builder minReward(double r) {
            this.minReward = r;
            return this;
        }

        /** The most recent predictions kept per learner. */
        public Builder poolSize(int n) {
            this.poolSize = n;
            return this;
        }

        /** The seed; without one the program's seed is used. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public RandomFewShot build() {
            if (minExamples < 0 || maxExamples < minExamples) {
                throw new IllegalArgumentException("RandomFewShot: need 0 <= minExamples <= maxExamples, got "
                        + minExamples + " and " + maxExamples + ".");
            }
            if (!(samplingTemperature > 0)) {
                throw new IllegalArgumentException("RandomFewShot.samplingTemperature: " + samplingTemperature
                        + " must be > 0, e.g. 0.3.");
            }
            if (populationSize < 1 || minibatchSize < 1 || poolSize < 1) {
                throw new IllegalArgumentException("RandomFewShot: populationSize (" + populationSize
                        + "), minibatchSize (" + minibatchSize + ") and poolSize (" + poolSize
                        + ") must be at least 1.");
            }
            return new RandomFewShot(this);
        }
    }
}
