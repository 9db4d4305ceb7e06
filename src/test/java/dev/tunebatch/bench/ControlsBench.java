package dev.tunebatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.app.demo.LogisticRegressionProgram;
import dev.tunebatch.app.demo.SyntheticDataset;
import dev.tunebatch.batch.EngineTestApplication;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.Program;
import dev.tunebatch.store.InMemoryTrialStore;
import dev.tunebatch.testing.CurveProgram;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.BayesianOptimization;
import dev.tunebatch.tuner.Budget;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.Pruner;
import dev.tunebatch.tuner.RandomSearch;
import dev.tunebatch.tuner.Tuner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The benchmarks of budgets, early stopping and noise-aware ranking. Writes JSON to {@code target/bench/}.
 * <ul>
 *   <li><b>pruning</b>: epochs spent until the search's best completed trial reaches the final best of the same random
 *   search without pruning (the same configurations in the same order), with each pruner, on synthetic learning
 *   curves with known final values (some slow starters overtake), on the same curves with noise, and on the
 *   logistic-regression demo program;</li>
 *   <li><b>noise</b>: the noise-free value of the configuration a search returns on a noisy 0–1 objective (Gaussian
 *   noise, sd 0.03), against the naive best observed trial of the same search;</li>
 *   <li><b>budget</b>: how far a cost cap is overshot by a search with parallel trials through the batch engine on
 *   PostgreSQL, in epochs of the running trials.</li>
 * </ul>
 * Arguments: the parts to run (default {@code pruning noise budget}).
 */
public final class ControlsBench {

    private static final int SEEDS = 10;

    private ControlsBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> parts = args.length == 0 ? List.of("pruning", "noise", "budget") : List.of(args);
        Map<String, Object> report = BenchReport.header("controls");
        if (parts.contains("pruning")) {
            report.put("pruning", pruning());
        }
        if (parts.contains("noise")) {
            report.put("noise", noise());
        }
        if (parts.contains("budget")) {
            report.put("budget", budget());
        }
        Path out = BenchReport.write("controls", report);
        System.out.println("Wrote " + out);
        System.exit(0);
    }

    // ---------------------------------------------------------------- pruning

    /** A workload: a hypermodel whose trials report {@code val_score} (maximised) per epoch. */
    private interface Workload {
        Program build(HyperParameters hp, AtomicInteger epochs);
    }

    /**
     * Synthetic learning curves: the final value q(a, b) ∈ [0, 1] is known; the curve approaches it from q·0.3 at
     * a speed set by c (slow starters reach a high final value late, so early values mislead a little).
     */
    static double finalValue(double a, double b) {
        return Math.exp(-8 * ((a - 0.7) * (a - 0.7) + (b - 0.3) * (b - 0.3)));
    }

    static double syntheticCurve(double a, double b, double c, int epoch) {
        double q = finalValue(a, b);
        double tau = 1 + 8 * c;
        return q - 0.7 * q * Math.exp(-(epoch + 1) / tau);
    }

    private static final Workload SYNTHETIC = synthetic(0);

    /** The synthetic curves with Gaussian noise of sd 0.02 on every epoch's value. */
    private static final Workload NOISY_SYNTHETIC = synthetic(0.02);

    /**
     * The synthetic curves, with Gaussian noise of sd {@code noise} on every epoch's value. The noise is a function
     * of the configuration and the epoch, so a configuration that runs again reports the same curve.
     */
    private static Workload synthetic(double noise) {
        return (hp, epochs) -> {
            double a = hp.floatParam("a", 0, 1);
            double b = hp.floatParam("b", 0, 1);
            double c = hp.floatParam("c", 0, 1);
            return new CurveProgram(epoch -> {
                epochs.incrementAndGet();
                double drawn = noise == 0 ? 0 : noise * new Random(java.util.Objects.hash(a, b, c, epoch))
                        .nextGaussian();
                return Map.of("val_score", syntheticCurve(a, b, c, epoch) + drawn);
            });
        };
    }

    private static final SyntheticDataset DATA = SyntheticDataset.generate(600, 8, 5);

    /** The logistic-regression demo program, scored by negated validation loss (higher is better). */
    private static final Workload DEMO = (hp, epochs) -> {
        double lr = hp.floatParam("learning_rate", 1e-4, 1.0, FloatOptions.defaults().sampling(Sampling.LOG));
        double l2 = hp.choice("l2", List.of(0.0, 1e-3, 1e-2, 1e-1));
        LogisticRegressionProgram program = new LogisticRegressionProgram(DATA.features(), lr, l2, 7);
        return new ScoredProgram(program, epochs);
    };

    /** Runs one random search and returns, per trial in order, the epochs it ran and its final status and score. */
    private record TrialRun(int epochs, TrialStatus status, double score) {
    }

    private static List<TrialRun> search(Workload workload, Pruner pruner, int trials, int epochs, long seed) {
        AtomicInteger counter = new AtomicInteger();
        RandomSearch tuner = RandomSearch.builder().objective(Objective.of("val_score", Direction.MAX))
                .store(new InMemoryTrialStore()).seed(seed).verbose(false).maxTrials(trials).pruner(pruner)
                .hypermodel(hp -> workload.build(hp, counter)).build();
        tuner.search(FitArgs.builder().x(DATA.trainX()).y(DATA.trainY()).validationData(DATA.validX(), DATA.validY())
                .epochs(epochs).batchSize(32).build());
        List<TrialRun> runs = new ArrayList<>();
        for (Trial t : tuner.trials()) {
            // without a pruner no intermediate value is recorded: every trial ran all its epochs
            int ran = t.progress().curve().isEmpty() ? epochs : t.progress().curve().size();
            runs.add(new TrialRun(ran, t.status(), t.score() == null ? Double.NaN : t.score()));
        }
        return runs;
    }

    /** Epochs spent until a COMPLETED trial scores at least {@code target}; all epochs when none does. */
    private static int epochsToReach(List<TrialRun> runs, double target) {
        int spent = 0;
        for (TrialRun r : runs) {
            spent += r.epochs();
            if (r.status() == TrialStatus.COMPLETED && r.score() >= target) {
                return spent;
            }
        }
        return -spent;
    }

    private static Map<String, Object> pruning() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", "RandomSearch of 30 trials without a pruner: it spends 30 x epochs and reaches its final "
                + "best B. With a pruner the same seed proposes the same configurations in the same order; the search "
                + "runs its 30 trials and, if its best is still below B - 0.001, goes on (up to 120 trials) until a "
                + "completed trial reaches it: the epochs spent then are its cost at equal final quality. Factor = "
                + "mean epochs without / mean epochs with, over " + SEEDS + " seeds (it holds only when all seeds reach "
                + "B: a seed that does not counts the epochs it spent). Also reported: the epochs until "
                + "the best-so-far first reaches B - 0.001, with and without the pruner.");
        out.put("synthetic_curves", pruningOn(SYNTHETIC, "synthetic", 27));
        out.put("synthetic_curves_noisy", pruningOn(NOISY_SYNTHETIC, "noisy", 27));
        out.put("demo_logistic_regression", pruningOn(DEMO, "demo", 27));
        return out;
    }

    private static Map<String, Object> pruningOn(Workload workload, String label, int epochs) {
        Map<String, Pruner> pruners = new LinkedHashMap<>();
        pruners.put("median(warmup 2, min 5 trials)", Pruner.median(2, 5));
        pruners.put("successive_halving(min 1 epoch, factor 3)", Pruner.successiveHalving(1, 3));
        pruners.put("successive_halving(min 1 epoch, factor 3, min 1 trial per rung)",
                Pruner.successiveHalving(1, 3).minTrialsPerRung(1));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("epochs_per_trial", epochs);
        double baseSum = 0;
        List<Integer> base = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            List<TrialRun> runs = search(workload, Pruner.none(), 30, epochs, seed);
            double best = runs.stream().filter(r -> r.status() == TrialStatus.COMPLETED)
                    .mapToDouble(TrialRun::score).max().orElseThrow();
            double target = best - 1e-3;
            targets.add(best);
            int spent = epochsToReach(runs, target);
            base.add(spent);
            baseSum += spent;
        }
        result.put("no_pruner", Map.of("epochs", 30 * epochs, "epochs_until_best_so_far_reaches_target", base,
                "mean_epochs_until_target", baseSum / SEEDS, "final_best", targets));
        for (Map.Entry<String, Pruner> p : pruners.entrySet()) {
            List<Integer> spentBySeed = new ArrayList<>();
            List<Double> bestBySeed = new ArrayList<>();
            List<Integer> equalQualityBySeed = new ArrayList<>();
            int reached = 0;
            double sum = 0;
            double equalQualitySum = 0;
            int totalEpochs30 = 0;
            for (int seed = 1; seed <= SEEDS; seed++) {
                List<TrialRun> runs = search(workload, p.getValue(), 120, epochs, seed);
                int spent = epochsToReach(runs, targets.get(seed - 1) - 1e-3);
                reached += spent > 0 ? 1 : 0;
                spentBySeed.add(spent);
                sum += Math.abs(spent);
                int first30 = runs.subList(0, 30).stream().mapToInt(TrialRun::epochs).sum();
                int equalQuality = Math.max(first30, Math.abs(spent));
                equalQualityBySeed.add(spent > 0 ? equalQuality : -equalQuality);
                equalQualitySum += equalQuality;
                bestBySeed.add(runs.subList(0, 30).stream().filter(r -> r.status() == TrialStatus.COMPLETED)
                        .mapToDouble(TrialRun::score).max().orElse(Double.NaN));
                totalEpochs30 += runs.subList(0, 30).stream().mapToInt(TrialRun::epochs).sum();
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epochs_at_equal_final_quality", equalQualityBySeed);
            r.put("seeds_reaching_equal_final_quality", reached);
            // a seed that never reaches B counts the epochs it spent, so the factor only holds when all seeds reach
            r.put("all_seeds_reach", reached == SEEDS);
            r.put("mean_epochs_at_equal_final_quality", equalQualitySum / SEEDS);
            r.put("fewer_epochs_factor_at_equal_final_quality", 30.0 * epochs / (equalQualitySum / SEEDS));
            r.put("epochs_until_best_so_far_reaches_target", spentBySeed);
            r.put("mean_epochs_until_target", sum / SEEDS);
            r.put("fewer_epochs_factor_until_target", (baseSum / SEEDS) / (sum / SEEDS));
            r.put("first_30_trials_epochs_mean", totalEpochs30 / (double) SEEDS);
            r.put("first_30_trials_fewer_epochs_factor", 30.0 * epochs / (totalEpochs30 / (double) SEEDS));
            r.put("first_30_trials_final_best", bestBySeed);
            result.put(p.getKey(), r);
            System.out.printf("pruning %-64s %-9s: %.2fx fewer epochs at equal final quality (%d/%d seeds reach "
                            + "it), %.2fx until the best-so-far reaches it%n", p.getKey(),
                    label, 30.0 * epochs / (equalQualitySum / SEEDS), reached,
                    SEEDS, (baseSum / SEEDS) / (sum / SEEDS));
        }
        return result;
    }

    // ---------------------------------------------------------------- noise

    /** A smooth 0–1 objective with its maximum 0.95 at (0.62, 0.27) and a lesser bump elsewhere. */
    static double noiseFree(double x, double y) {
        return 0.95 * Math.exp(-6 * ((x - 0.62) * (x - 0.62) + (y - 0.27) * (y - 0.27)))
                + 0.35 * Math.exp(-20 * ((x - 0.15) * (x - 0.15) + (y - 0.8) * (y - 0.8)));
    }

    private static Map<String, Object> noise() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", "val_score = f(x, y) + N(0, 0.03); f noise-free in [0, 0.95]; per seed, the noise-free "
                + "value of the configuration the tuner returns (getBestHyperparameters(1)) against that of the trial "
                + "with the best observed score in the same search; mean over " + SEEDS + " seeds");
        out.put("bayesian_30_trials", noiseCase(seed -> BayesianOptimization.builder().numInitialPoints(8)
                .maxTrials(30).seed(seed), 1));
        out.put("bayesian_60_trials", noiseCase(seed -> BayesianOptimization.builder().numInitialPoints(10)
                .maxTrials(60).seed(seed), 1));
        out.put("random_20_trials_3_executions", noiseCase(seed -> RandomSearch.builder().maxTrials(20).seed(seed),
                3));
        return out;
    }

    private static Map<String, Object> noiseCase(Function<Long, dev.tunebatch.tuner.TunerBuilder<?, ?>> builder,
                                                 int executions) {
        List<Double> returned = new ArrayList<>();
        List<Double> naive = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            Random noise = new Random(1000 + seed);
            List<double[]> observations = new ArrayList<>();
            dev.tunebatch.tuner.TunerBuilder<?, ?> b = builder.apply(seed);
            b.objective(Objective.of("val_score", Direction.MAX)).store(new InMemoryTrialStore()).verbose(false)
                    .executionsPerTrial(executions)
                    .hypermodel(hp -> {
                        double x = hp.floatParam("x", 0, 1);
                        double y = hp.floatParam("y", 0, 1);
                        double observed = noiseFree(x, y) + 0.03 * noise.nextGaussian();
                        observations.add(new double[] {observed, noiseFree(x, y)});
                        return FakeProgram.constant(Map.of("val_score", observed));
                    });
            Tuner tuner = b.build();
            observations.clear();
            tuner.search(FitArgs.builder().epochs(1).build());
            HyperParameters best = tuner.getBestHyperparameters(1).get(0);
            returned.add(noiseFree((Double) best.get("x"), (Double) best.get("y")));
            double bestObserved = Double.NEGATIVE_INFINITY;
            double naiveValue = Double.NaN;
            for (double[] o : observations) {
                if (o[0] > bestObserved) {
                    bestObserved = o[0];
                    naiveValue = o[1];
                }
            }
            naive.add(naiveValue);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("executions_per_trial", executions);
        r.put("returned_noise_free", returned);
        r.put("best_observed_noise_free", naive);
        double m1 = returned.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double m2 = naive.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        r.put("returned_mean", m1);
        r.put("best_observed_mean", m2);
        r.put("seeds_better_or_equal", countPairs(returned, naive, (a, b) -> a >= b - 1e-12));
        System.out.printf("noise %d execution(s): returned %.4f vs best observed %.4f (noise-free, mean of %d)%n",
                executions, m1, m2, SEEDS);
        return r;
    }

    private static long countPairs(List<Double> a, List<Double> b, java.util.function.BiPredicate<Double, Double> p) {
        long n = 0;
        for (int i = 0; i < a.size(); i++) {
            n += p.test(a.get(i), b.get(i)) ? 1 : 0;
        }
        return n;
    }

    // ---------------------------------------------------------------- budget

    private static Map<String, Object> budget() {
        HikariDataSource db = TestDatabase.create("bench_controls");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", "the batch engine on PostgreSQL, 4 trials at once, 6 epochs per trial, each epoch "
                + "20-60 ms and costing 0.5-1.5 (seeded), Budget.metricSum(\"cost\", 40); overshoot = consumed - cap, "
                + "against the bound of one epoch's cost per running trial");
        List<Map<String, Object>> runs = new ArrayList<>();
        try (ConfigurableApplicationContext ctx = EngineTestApplication.start(db)) {
            SearchLauncher launcher = ctx.getBean(SearchLauncher.class);
            JdbcTemplate jdbc = new JdbcTemplate(db);
            for (int seed = 1; seed <= SEEDS; seed++) {
                runs.add(budgetRun(launcher, jdbc, seed));
            }
        }
        out.put("runs", runs);
        ToDoubleFunction<Map<String, Object>> ratio = r -> (double) r.get("overshoot_in_bound_units");
        out.put("max_overshoot_in_bound_units", runs.stream().mapToDouble(ratio).max().orElseThrow());
        System.out.printf("budget: worst overshoot %.2f of the bound (one epoch's cost per running trial)%n",
                runs.stream().mapToDouble(ratio).max().orElseThrow());
        db.close();
        return out;
    }

    private static Map<String, Object> budgetRun(SearchLauncher launcher, JdbcTemplate jdbc, int seed) {
        int parallelism = 4;
        double cap = 40;
        String name = "bench-budget-" + seed + "-" + System.nanoTime();
        Random random = new Random(seed);
        List<Double> costs = java.util.Collections.synchronizedList(new ArrayList<>());
        SearchDefinition def = SearchDefinition.of(name, () -> RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new CurveProgram(epoch -> {
                        double cost;
                        long sleep;
                        synchronized (random) {
                            cost = 0.5 + random.nextDouble();
                            sleep = 20 + random.nextInt(41);
                        }
                        try {
                            Thread.sleep(sleep);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        costs.add(cost);
                        return Map.of("val_score", x, "cost", cost);
                    });
                })
                .objective(Objective.of("val_score", Direction.MAX)).maxTrials(1000).seed(seed).verbose(false)
                .budget(Budget.metricSum("cost", cap)), () -> FitArgs.builder().epochs(6).build())
                .withParallelism(parallelism);
        LaunchOutcome outcome = launcher.run(def, null);
        double consumed = jdbc.queryForObject("select (oracle_state->'controls'->'budget'->'search'->>'cost')"
                + "::float8 from tb_search where search_name = ?", Double.class, name);
        double maxEpoch = costs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("exit_code", outcome.exitCode());
        r.put("cap", cap);
        r.put("consumed", consumed);
        r.put("epochs_run", costs.size());
        r.put("cost_of_epochs_run", costs.stream().mapToDouble(Double::doubleValue).sum());
        r.put("overshoot", consumed - cap);
        r.put("bound_one_epoch_per_running_trial", maxEpoch * parallelism);
        r.put("overshoot_in_bound_units", (consumed - cap) / (maxEpoch * parallelism));
        return r;
    }

    /** The demo program reporting {@code val_score} = −{@code val_loss} per epoch, counting its epochs. */
    private record ScoredProgram(LogisticRegressionProgram delegate, AtomicInteger epochs)
            implements Program, dev.tunebatch.program.Checkpointable {

        @Override
        public java.util.concurrent.CompletionStage<dev.tunebatch.program.History> fit(FitArgs args) {
            List<dev.tunebatch.program.Callback> callbacks = new ArrayList<>();
            for (dev.tunebatch.program.Callback c : args.callbacks()) {
                callbacks.add(new dev.tunebatch.program.Callback() {
                    @Override
                    public void onEpochBegin(int epoch) {
                        c.onEpochBegin(epoch);
                    }

                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        epochs.incrementAndGet();
                        Map<String, Double> scored = new LinkedHashMap<>(logs);
                        scored.put("val_score", -logs.get("val_loss"));
                        c.onEpochEnd(epoch, scored);
                    }

                    @Override
                    public boolean stopRequested() {
                        return c.stopRequested();
                    }
                });
            }
            return delegate.fit(args.toBuilder().replaceCallbacks(callbacks).build()).thenApply(h -> {
                Map<String, List<Double>> withScore = new LinkedHashMap<>(h.history());
                withScore.put("val_score", h.history().get("val_loss").stream().map(v -> -v).toList());
                return dev.tunebatch.program.History.of(withScore);
            });
        }

        @Override
        public java.util.concurrent.CompletionStage<Map<String, Double>> evaluate(
                dev.tunebatch.program.EvaluateArgs args) {
            return delegate.evaluate(args);
        }

        @Override
        public boolean hasOptimizer() {
            return true;
        }

        @Override
        public String saveState() {
            return delegate.saveState();
        }

        @Override
        public void restoreState(String json) {
            delegate.restoreState(json);
        }
    }
}
