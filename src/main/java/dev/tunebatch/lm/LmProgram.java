package dev.tunebatch.lm;

import dev.tunebatch.lm.callback.LmCallback;
import dev.tunebatch.lm.data.DataModels;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.metric.Metric;
import dev.tunebatch.lm.module.Chain;
import dev.tunebatch.lm.module.Example;
import dev.tunebatch.lm.module.FewShotLearner;
import dev.tunebatch.lm.module.Input;
import dev.tunebatch.lm.module.Module;
import dev.tunebatch.lm.module.ModuleContext;
import dev.tunebatch.lm.module.Parallel;
import dev.tunebatch.lm.module.Trace;
import dev.tunebatch.lm.module.Trainable;
import dev.tunebatch.lm.optimizer.Candidate;
import dev.tunebatch.lm.optimizer.Optimizer;
import dev.tunebatch.lm.optimizer.RewardedExample;
import dev.tunebatch.lm.reward.Reward;
import dev.tunebatch.lm.usage.CallContext;
import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.UsageAccount;
import dev.tunebatch.lm.usage.UsageTracker;
import dev.tunebatch.program.Callback;
import dev.tunebatch.program.Checkpointable;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An LM program: an {@link Input} and a body of modules (chains, parallel branches, generators, classifiers) that the
 * tuner drives as a {@link Program}. {@code compile(reward, metrics, optimizer)} copies the metrics (so that a sweep
 * never shares state) and the optimizer; {@code fit} trains the few-shot learners with the optimizer and returns a
 * {@link History} with {@code reward}, the metric names and their {@code val_} twins, one value per epoch; the
 * samples of a batch run concurrently. The trainable state (examples, instructions, optimizer) checkpoints as JSON.
 */
public final class LmProgram implements Program, Checkpointable {

    /** {@link FitArgs#extra()} key: the share of x/y held out for validation when no validation data is given. */
    public static final String VALIDATION_SPLIT = "validation_split";
    /** {@link FitArgs#extra()} key: whether to shuffle training samples each epoch (default true, seeded). */
    public static final String SHUFFLE = "shuffle";
    /** {@link FitArgs#extra()} key: the batch size of validation (default 32). */
    public static final String VALIDATION_BATCH_SIZE = "validation_batch_size";

    private static final Logger LOG = LoggerFactory.getLogger(LmProgram.class);
    private static final ExecutorService RUNNER = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tunebatch-lm-program-", 0).factory());
    private static final double DEFAULT_VALIDATION_SPLIT = 0.1;
    private static final int DEFAULT_EVALUATE_BATCH = 32;

    private final String name;
    private final Input input;
    private final Module body;
    private final long seed;
    private final Map<String, Trainable> trainables;
    private final Map<Module, String> keys;
    private final UsageTracker usage = new UsageTracker();
    private volatile UsageAccount account;

    private Reward reward;
    private List<Metric> metrics = List.of();
    private Optimizer optimizer;

    /** One handled sample. */
    private record Sample(JsonNode yTrue, JsonNode yPred, double reward, Trace trace) {
    }

    private LmProgram(Builder b) {
        this.name = b.name;
        this.input = b.input;
        this.body = b.steps.size() == 1 ? b.steps.get(0) : Chain.named("body", b.steps);
        this.seed = b.seed;
        this.account = new UsageAccount(b.name, b.name + "-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, Trainable> found = new LinkedHashMap<>();
        Map<Module, String> ids = new IdentityHashMap<>();
        collect(body, found, ids);
        this.trainables = Collections.unmodifiableMap(found);
        this.keys = ids;
    }

    private static void collect(Module m, Map<String, Trainable> found, Map<Module, String> ids) {
        if (m instanceof Trainable t && !ids.containsKey(m)) {
            String key = t.name();
            for (int i = 1; found.containsKey(key); i++) {
                key = t.name() + "_" + i;
            }
            found.put(key, t);
            ids.put(m, key);
        }
        for (Module child : m.children()) {
            collect(child, found, ids);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The program's name. */
    public String name() {
        return name;
    }

    /** The input module. */
    public Input input() {
        return input;
    }

    /** The trainable modules by key (their key in the checkpoint). */
    public Map<String, Trainable> trainables() {
        return trainables;
    }

    /** This program's usage counters (every LM call it made, per phase). */
    public UsageTracker usage() {
        return usage;
    }

    /** The cost ledger account charged. */
    public UsageAccount account() {
        return account;
    }

    /** Charges this program's LM calls to {@code account} from now on (e.g. search and trial ids). */
    public LmProgram account(UsageAccount account) {
        this.account = Objects.requireNonNull(account, "account");
        return this;
    }

    /** Compiles with a reward only: no metrics, no optimizer (so the tuner evaluates instead of fitting). */
    public LmProgram compile(Reward reward) {
        return compile(reward, List.of(), null);
    }

    /** Compiles with a reward and metrics, without an optimizer. */
    public LmProgram compile(Reward reward, List<? extends Metric> metrics) {
        return compile(reward, metrics, null);
    }

    /**
     * Compiles the program: the reward, copies of {@code metrics} bound to this program's counters, and a copy of
     * {@code optimizer} (or none: {@link #hasOptimizer()} is then false).
     */
    public synchronized LmProgram compile(Reward reward, List<? extends Metric> metrics, Optimizer optimizer) {
        if (reward == null) {
            throw new IllegalArgumentException("compile: program '" + name + "' needs a reward, e.g. "
                    + "ExactMatch.onFields(\"answer\").");
        }
        List<Metric> copies = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        seen.put("reward", 1);
        for (Metric m : metrics == null ? List.<Metric>of() : metrics) {
            Metric copy = m.copy();
            int n = seen.merge(copy.name(), 1, Integer::sum);
            copy = n == 1 ? copy : new Renamed(copy, copy.name() + "_" + (n - 1));
            copy.bind(usage);
            copies.add(copy);
        }
        Optimizer opt = null;
        if (optimizer != null) {
            LinkedHashSet<String> learners = new LinkedHashSet<>();
            trainables.forEach((k, t) -> {
                if (t instanceof FewShotLearner) {
                    learners.add(k);
                }
            });
            if (learners.isEmpty()) {
                throw new IllegalArgumentException("compile: program '" + name + "' has an optimizer but no "
                        + "few-shot learner (Generator, EmbeddingClassifier); compile without the optimizer.");
            }
            opt = optimizer.copy();
            opt.bind(learners, seed);
        }
        this.reward = reward;
        this.metrics = List.copyOf(copies);
        this.optimizer = opt;
        return this;
    }

    /** The compiled metric copies. */
    public List<Metric> metrics() {
        return metrics;
    }

    @Override
    public boolean hasOptimizer() {
        return optimizer != null;
    }

    private void requireCompiled(String what) {
        if (reward == null) {
            throw new IllegalStateException(what + ": program '" + name + "' is not compiled; call "
                    + "compile(reward, metrics, optimizer) first.");
        }
    }

    // ---------------------------------------------------------------- fit

    @Override
    public CompletionStage<History> fit(FitArgs args) {
        requireCompiled("fit");
        if (optimizer == null) {
            LOG.warn("fit() was called on program '{}', which has no optimizer; nothing is trained and the history "
                    + "is empty. Compile with an optimizer, or call evaluate().", name);
            return CompletableFuture.completedFuture(History.empty());
        }
        return CompletableFuture.supplyAsync(() -> fitNow(args), RUNNER);
    }

    private History fitNow(FitArgs args) {
        List<ObjectNode> x = inputs(args.x(), "x");
        List<JsonNode> y = targets(args.y(), x.size(), "y");
        List<ObjectNode> vx;
        List<JsonNode> vy;
        if (args.validationX() != null) {
            vx = inputs(args.validationX(), "validationX");
            vy = targets(args.validationY(), vx.size(), "validationY");
        } else {
            double split = number(args, VALIDATION_SPLIT, DEFAULT_VALIDATION_SPLIT);
            int at = (int) Math.ceil(x.size() * (1.0 - split));
            if (at <= 0 || at >= x.size()) {
                throw new IllegalArgumentException("Training data contains " + x.size() + " samples, which is not "
                        + "sufficient to split it into a validation and training set as specified by "
                        + VALIDATION_SPLIT + "=" + split + ". Either provide more data, validation data, or a "
                        + "different " + VALIDATION_SPLIT + ".");
            }
            vx = x.subList(at, x.size());
            vy = y.subList(at, y.size());
            x = x.subList(0, at);
            y = y.subList(0, at);
        }
        int batchSize = args.batchSize() == null ? 1 : args.batchSize();
        int validationBatch = (int) number(args, VALIDATION_BATCH_SIZE, DEFAULT_EVALUATE_BATCH);
        boolean shuffle = !Boolean.FALSE.equals(args.extra().get(SHUFFLE));
        UsageAccount acc = accountFor(args);
        List<Callback> callbacks = prepare(args.callbacks());

        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (int epoch = args.initialEpoch(); epoch < args.epochs(); epoch++) {
            for (Callback c : callbacks) {
                c.onEpochBegin(epoch);
            }
            metrics.forEach(Metric::reset);
            List<Integer> order = order(x.size(), shuffle, epoch);
            double rewardSum = 0;
            int batches = 0;
            for (int from = 0; from < order.size(); from += batchSize) {
                List<Integer> idx = order.subList(from, Math.min(order.size(), from + batchSize));
                List<Sample> samples = run(pick(x, idx), pick(y, idx), true, Phase.INFERENCE, acc);
                rewardSum += meanReward(samples);
                batches++;
                samples.forEach(s -> metrics.forEach(m -> m.update(s.yTrue(), s.yPred())));
                train(samples, vx, vy, acc);
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("reward", batches == 0 ? 0.0 : rewardSum / batches);
            metrics.forEach(m -> logs.put(m.name(), m.result()));
            evaluateNow(vx, vy, validationBatch, acc).forEach((k, v) -> logs.put("val_" + k, v));
            logs.forEach((k, v) -> history.computeIfAbsent(k, key -> new ArrayList<>()).add(v));
            Map<String, Double> view = Collections.unmodifiableMap(logs);
            boolean stop = false;
            for (Callback c : callbacks) {
                c.onEpochEnd(epoch, view);
                stop |= c.stopRequested();
            }
            if (stop) {
                break;
            }
        }
        for (Callback c : callbacks) {
            if (c instanceof LmCallback lc) {
                lc.onTrainEnd();
            }
        }
        return History.of(history);
    }

    /** One optimizer step after a training batch: pool the rewarded predictions, score a candidate, keep the best. */
    private void train(List<Sample> samples, List<ObjectNode> vx, List<JsonNode> vy, UsageAccount acc) {
        optimizer.observe(rewardedExamples(samples));
        optimizer.propose().ifPresent(candidate -> {
            List<Integer> idx = optimizer.minibatch(vx.size());
            optimizer.report(candidate, score(candidate, pick(vx, idx), pick(vy, idx), acc));
        });
        optimizer.best().ifPresent(this::install);
    }

    private List<RewardedExample> rewardedExamples(List<Sample> samples) {
        List<RewardedExample> out = new ArrayList<>();
        for (Sample s : samples) {
            for (Trace.Step step : s.trace().steps()) {
                String key = keys.get(step.module());
                if (key == null || !(step.module() instanceof FewShotLearner learner)) {
                    continue;
                }
                JsonNode output = learner.learnsFromTargets() ? s.yTrue() : step.output();
                if (output == null || output.isNull() || step.input() == null) {
                    continue;
                }
                out.add(new RewardedExample(key, new Example(step.input(), output), s.reward()));
            }
        }
        return out;
    }

    private double score(Candidate candidate, List<ObjectNode> x, List<JsonNode> y, UsageAccount acc) {
        Map<String, JsonNode> saved = new LinkedHashMap<>();
        trainables.forEach((k, t) -> saved.put(k, t.saveState()));
        install(candidate);
        try {
            return meanReward(run(x, y, false, Phase.OPTIMIZER, acc));
        } finally {
            saved.forEach((k, s) -> trainables.get(k).restoreState(s));
        }
    }

    private void install(Candidate candidate) {
        candidate.examples().forEach((k, examples) -> {
            if (trainables.get(k) instanceof FewShotLearner l) {
                l.setExamples(examples);
            }
        });
    }

    private List<Callback> prepare(List<Callback> given) {
        List<Callback> out = new ArrayList<>();
        for (Callback c : given) {
            out.add(c instanceof LmCallback lc ? lc.forFit(this) : c);
        }
        return out;
    }

    private List<Integer> order(int n, boolean shuffle, int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        }
        return order;
    }

    // ---------------------------------------------------------------- evaluate / predict

    @Override
    public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
        requireCompiled("evaluate");
        return CompletableFuture.supplyAsync(() -> {
            List<ObjectNode> x = inputs(args.x(), "x");
            List<JsonNode> y = targets(args.y(), x.size(), "y");
            int batch = args.batchSize() == null ? DEFAULT_EVALUATE_BATCH : args.batchSize();
            return evaluateNow(x, y, batch, account);
        }, RUNNER);
    }

    private Map<String, Double> evaluateNow(List<ObjectNode> x, List<JsonNode> y, int batchSize, UsageAccount acc) {
        metrics.forEach(Metric::reset);
        double sum = 0;
        int batches = 0;
        for (int from = 0; from < x.size(); from += batchSize) {
            int to = Math.min(x.size(), from + batchSize);
            List<Sample> samples = run(x.subList(from, to), y.subList(from, to), false, Phase.INFERENCE, acc);
            samples.forEach(s -> metrics.forEach(m -> m.update(s.yTrue(), s.yPred())));
            sum += meanReward(samples);
            batches++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("reward", batches == 0 ? 0.0 : sum / batches);
        metrics.forEach(m -> out.put(m.name(), m.result()));
        return out;
    }

    /** The program's outputs for {@code x} (null where it failed), samples of a batch of 32 run concurrently. */
    public CompletionStage<List<JsonNode>> predict(List<?> x) {
        return CompletableFuture.supplyAsync(() -> {
            List<ObjectNode> in = inputs(x, "x");
            List<JsonNode> out = new ArrayList<>();
            CallContext ctx = new CallContext(usage, Phase.INFERENCE, account);
            for (int from = 0; from < in.size(); from += DEFAULT_EVALUATE_BATCH) {
                List<CompletableFuture<JsonNode>> running = new ArrayList<>();
                for (ObjectNode sample : in.subList(from, Math.min(in.size(), from + DEFAULT_EVALUATE_BATCH))) {
                    running.add(timed(sample, ModuleContext.inference(ctx)));
                }
                running.forEach(f -> out.add(join(f)));
            }
            return out;
        }, RUNNER);
    }

    /** The outputs for {@code x} as records of {@code type} (null where it failed). */
    public <T> CompletionStage<List<T>> predict(List<?> x, Class<T> type) {
        return predict(x).thenApply(list -> list.stream().map(j -> j == null ? null : DataModels.fromJson(j, type))
                .toList());
    }

    private List<Sample> run(List<ObjectNode> x, List<JsonNode> y, boolean training, Phase phase, UsageAccount acc) {
        CallContext ctx = new CallContext(usage, phase, acc);
        List<CompletableFuture<Sample>> running = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            JsonNode target = y.get(i);
            Trace trace = new Trace();
            running.add(timed(x.get(i), new ModuleContext(ctx, training, trace))
                    .thenCompose(pred -> reward.score(target, pred, ctx.in(Phase.REWARD))
                            .thenApply(r -> new Sample(target, pred, r == null ? 0.0 : r, trace))));
        }
        List<Sample> out = new ArrayList<>(running.size());
        running.forEach(f -> out.add(join(f)));
        return out;
    }

    private CompletableFuture<JsonNode> timed(ObjectNode sample, ModuleContext context) {
        long start = System.nanoTime();
        return body.call(sample, context).toCompletableFuture()
                .whenComplete((r, e) -> usage.recordProgramCall(System.nanoTime() - start));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static double meanReward(List<Sample> samples) {
        return samples.stream().mapToDouble(Sample::reward).average().orElse(0.0);
    }

    // ---------------------------------------------------------------- data

    private List<ObjectNode> inputs(List<?> x, String what) {
        if (x == null) {
            throw new IllegalArgumentException(what + ": program '" + name + "' needs inputs; pass a list of "
                    + input.schema().title() + " records.");
        }
        List<ObjectNode> out = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) {
            ObjectNode json = DataModels.toJson(x.get(i), what + "[" + i + "]");
            List<String> violations = input.schema().violations(json);
            if (!violations.isEmpty()) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + Json.write(json) + " does not follow "
                        + "the input data model " + input.schema().title() + " " + input.schema().propertyNames()
                        + ": " + String.join("; ", violations));
            }
            out.add(json);
        }
        return out;
    }

    private static List<JsonNode> targets(List<?> y, int size, String what) {
        if (y == null || y.size() != size) {
            throw new IllegalArgumentException(what + ": " + (y == null ? "missing" : y.size() + " targets")
                    + " for " + size + " inputs; pass one target per input.");
        }
        List<JsonNode> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(y.get(i) == null ? null : DataModels.toJson(y.get(i), what + "[" + i + "]"));
        }
        return out;
    }

    private static <T> List<T> pick(List<T> from, List<Integer> idx) {
        List<T> out = new ArrayList<>(idx.size());
        idx.forEach(i -> out.add(from.get(i)));
        return out;
    }

    private static double number(FitArgs args, String key, double fallback) {
        Object v = args.extra().get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("FitArgs extra '" + key + "': " + v + " is not a number.");
    }

    private UsageAccount accountFor(FitArgs args) {
        String trial = args.trialId().orElse(null);
        String run = args.runId().orElse(null);
        if (trial == null && run == null) {
            return account;
        }
        UsageAccount a = new UsageAccount(run == null ? account.run() : run.toString(),
                trial == null ? account.trial() : trial.toString());
        account = a;
        return a;
    }

    // ---------------------------------------------------------------- state

    @Override
    public String saveState() {
        ObjectNode o = Json.object();
        ObjectNode modules = o.putObject("modules");
        trainables.forEach((k, t) -> modules.set(k, t.saveState()));
        if (optimizer != null) {
            o.set("optimizer", optimizer.saveState());
        }
        return Json.write(o);
    }

    @Override
    public void restoreState(String json) {
        JsonNode state = Json.parse(json, "program '" + name + "' state");
        JsonNode modules = state.get("modules");
        if (modules == null || !modules.isObject()) {
            throw new IllegalArgumentException("Program '" + name + "': state has no \"modules\" object; it was not "
                    + "saved by LmProgram.saveState().");
        }
        modules.properties().forEach(e -> {
            Trainable t = trainables.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("Program '" + name + "': state names module '" + e.getKey()
                        + "', which this program does not have (modules: " + trainables.keySet() + ").");
            }
            t.restoreState(e.getValue());
        });
        if (optimizer != null && state.has("optimizer")) {
            optimizer.restoreState(state.get("optimizer"));
        }
    }

    @Override
    public String toString() {
        return "LmProgram[" + name + ", trainables " + trainables.keySet() + "]";
    }

    /** A metric under another name (duplicate names get {@code _1}, {@code _2}, ...). */
    private record Renamed(Metric inner, String name) implements Metric {
        @Override
        public Direction direction() {
            return inner.direction();
        }

        @Override
        public void update(JsonNode yTrue, JsonNode yPred) {
            inner.update(yTrue, yPred);
        }

        @Override
        public double result() {
            return inner.result();
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public Metric copy() {
            return new Renamed(inner.copy(), name);
        }

        @Override
        public void bind(UsageTracker tracker) {
            inner.bind(tracker);
        }
    }

    /** Builds an {@link LmProgram}: an input, then modules in sequence. */
    public static final class Builder {
        private String name = "program";
        private Input input;
        private final List<Module> steps = new ArrayList<>();
        private long seed;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The input data model. */
        public Builder input(Class<? extends Record> dataModel) {
            this.input = Input.of(dataModel);
            return this;
        }

        public Builder input(Input input) {
            this.input = Objects.requireNonNull(input, "input");
            return this;
        }

        /** Appends a module to the chain. */
        public Builder then(Module module) {
            steps.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        /** Appends branches that run concurrently and whose outputs are merged. */
        public Builder parallel(Module... branches) {
            steps.add(Parallel.of(branches));
            return this;
        }

        /** The seed of shuffling and, unless it has its own, of the optimizer. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public LmProgram build() {
            if (input == null) {
                throw new IllegalArgumentException("Program '" + name + "': no input; call .input(Query.class).");
            }
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("Program '" + name + "': no modules; call .then(generator).");
            }
            return new LmProgram(this);
        }
    }
}
