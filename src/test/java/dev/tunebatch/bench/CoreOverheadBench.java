package dev.tunebatch.bench;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.IntOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.grid.GridSearchOracle;
import dev.tunebatch.oracle.hyperband.HyperbandOracle;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.Program;
import dev.tunebatch.store.InMemoryTrialStore;
import dev.tunebatch.store.TrialStore;
import dev.tunebatch.store.file.FileTrialStore;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.GridSearch;
import dev.tunebatch.tuner.Hyperband;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import dev.tunebatch.tuner.Tuner;
import dev.tunebatch.tuner.TunerBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Oracle overhead per trial for Random, Grid and Hyperband (issue: tuning core): the oracle alone in memory
 * (create + update + end), and the whole tuner loop with a no-op program in memory and with the file store.
 * Writes JSON to {@code target/bench/}.
 */
public final class CoreOverheadBench {

    private static final ObjectiveSpec SCORE = ObjectiveSpec.single("score", MetricDirection.MIN);

    private CoreOverheadBench() {
    }

    /** The mixed space of the README's Benchmarks section. */
    static Program mixed(HyperParameters hp) {
        String opt = hp.choice("optimizer", List.of("sgd", "adam", "rmsprop"));
        int layers = hp.intParam("layers", 1, 8);
        double lr = hp.floatParam("lr", 1e-5, 1e-1, FloatOptions.defaults().sampling(Sampling.LOG));
        int units = hp.intParam("units", 16, 512, IntOptions.defaults().step(16));
        double score = opt.length() + 0.5 * Math.abs(Math.log10(lr) + 3) + 0.02 * Math.pow(layers - 5, 2)
                + 0.025 * Math.pow(Math.log(units) / Math.log(2) - 7, 2);
        return FakeProgram.constant(Map.of("score", score));
    }

    private static HyperParameters mixedSpace() {
        HyperParameters hp = new HyperParameters();
        mixed(hp);
        return hp;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> report = BenchReport.header("core-overhead");
        List<Map<String, Object>> rows = new ArrayList<>();
        Path tmp = Files.createTempDirectory("tunebatch-bench");
        int randomTrials = 2000;
        rows.add(oracleOnly("random", () -> new RandomSearchOracle(OracleConfig.defaults(SCORE, randomTrials, 1)),
                randomTrials));
        rows.add(oracleOnly("grid", () -> new GridSearchOracle(OracleConfig.defaults(SCORE, null, 1)), 100_000));
        rows.add(oracleOnly("hyperband", () -> new HyperbandOracle(OracleConfig.defaults(SCORE, null, 1), 81, 3, 5),
                100_000));
        for (String storeKind : List.of("memory", "file", "file+fsync")) {
            rows.add(tuner("random", storeKind, tmp, () -> RandomSearch.builder().maxTrials(1000).seed(1)));
            rows.add(tuner("grid", storeKind, tmp, () -> GridSearch.builder().seed(1)));
            rows.add(tuner("hyperband", storeKind, tmp, () -> Hyperband.builder().maxEpochs(81).factor(3)
                    .hyperbandIterations(2).seed(1)));
        }
        report.put("rows", rows);
        System.out.println("Wrote " + BenchReport.write("core-overhead", report));
    }

    private static Map<String, Object> oracleOnly(String kind, Supplier<Oracle> factory, int maxTrials) {
        double best = Double.MAX_VALUE;
        int trials = 0;
        for (int rep = 0; rep < 5; rep++) {
            Oracle oracle = factory.get();
            oracle.updateSpace(mixedSpace());
            long start = System.nanoTime();
            int n = 0;
            while (n < maxTrials) {
                Trial t = oracle.createTrial("w");
                if (t.status() != TrialStatus.RUNNING) {
                    break;
                }
                oracle.updateTrial(t.id(), Map.of("score", (double) (n % 97)), 0);
                t.setStatus(TrialStatus.COMPLETED);
                oracle.endTrial(t);
                n++;
            }
            double perTrial = (System.nanoTime() - start) / 1e6 / n;
            best = Math.min(best, perTrial);
            trials = n;
        }
        return row(kind, "oracle in memory", trials, best);
    }

    private static Map<String, Object> tuner(String kind, String storeKind, Path dir,
                                             Supplier<TunerBuilder<?, ?>> builder) {
        double best = Double.MAX_VALUE;
        int trials = 0;
        for (int rep = 0; rep < 3; rep++) {
            TunerBuilder<?, ?> b = builder.get();
            b.hypermodel(CoreOverheadBench::mixed).objective(Objective.of("score", Direction.MIN)).verbose(false);
            TrialStore store = switch (storeKind) {
                case "memory" -> new InMemoryTrialStore();
                case "file" -> new FileTrialStore(dir, kind + "-" + System.nanoTime(), false);
                default -> new FileTrialStore(dir, kind + "-" + System.nanoTime(), true);
            };
            b.store(store);
            Tuner tuner = b.build();
            long start = System.nanoTime();
            tuner.search(FitArgs.builder().epochs(1).build());
            int n = tuner.trials().size();
            best = Math.min(best, (System.nanoTime() - start) / 1e6 / n);
            trials = n;
        }
        return row(kind, "tuner + " + storeKind + " store", trials, best);
    }

    private static Map<String, Object> row(String kind, String mode, int trials, double msPerTrial) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("oracle", kind);
        r.put("mode", mode);
        r.put("trials", trials);
        r.put("ms_per_trial", msPerTrial);
        System.out.printf("%-10s %-26s %6d trials  %.4f ms/trial%n", kind, mode, trials, msPerTrial);
        return r;
    }
}
