package dev.tunebatch.bench;

import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The oracle benchmark suite (README, Benchmarks): best-within-N on branin, hartmann6 and mixed for
 * every available oracle over several seeds, suggestion latency as a function of completed trials, and Random's
 * in-memory overhead per trial. Prints a table and writes every figure as JSON.
 *
 * <p>Run: {@code ./mvnw -q -Pbench test-compile exec:java -Dbench.out=target/bench/oracles.json}. Properties:
 * {@code bench.out} (JSON path), {@code bench.seeds} (default 20), {@code bench.latencySeeds} (default 3),
 * {@code bench.oracles} (comma-separated names, default all available).
 */
public final class OracleBench {

    static final int[] BUDGETS = {30, 100};
    static final int[] LATENCY_POINTS = {10, 50, 100, 200};
    static final int LATENCY_WINDOW = 10;
    static final int OVERHEAD_TRIALS = 20_000;

    /** keras-tuner 1.4.7 / Optuna 3.1 figures measured on the same kind of machine (best @30, @100). */
    static final Map<String, Map<String, double[]>> REFERENCE = Map.of(
            "branin", Map.of("keras-tuner random", new double[] {0.719, 0.718},
                    "keras-tuner bayesian", new double[] {1.08, 0.401}, "keras-tuner grid", new double[] {8.31, 0.458},
                    "optuna tpe", new double[] {0.91, 0.418}, "optuna random", new double[] {2.72, 0.525}),
            "hartmann6", Map.of("keras-tuner random", new double[] {-1.72, -2.16},
                    "keras-tuner bayesian", new double[] {-2.79, -3.07},
                    "keras-tuner grid", new double[] {-0.56, -0.81},
                    "optuna tpe", new double[] {-2.08, -3.12}, "optuna random", new double[] {-1.57, -2.33}),
            "mixed", Map.of("keras-tuner random", new double[] {0.075, 0.045},
                    "keras-tuner bayesian", new double[] {0.076, 0.068},
                    "keras-tuner grid", new double[] {6.75, 0.665},
                    "optuna tpe", new double[] {0.054, 0.011}, "optuna random", new double[] {0.101, 0.067}));

    /** Issue #3's targets for the Bayesian oracle: mean best within N for one objective. */
    static final Map<String, double[]> TARGETS = Map.of(
            "branin", new double[] {30, 0.45}, "hartmann6", new double[] {100, -3.20}, "mixed", new double[] {100, 0.01});

    private OracleBench() {
    }

    public static void main(String[] args) throws IOException {
        int seeds = Integer.getInteger("bench.seeds", 20);
        int latencySeeds = Integer.getInteger("bench.latencySeeds", 3);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/oracles.json"));
        Map<String, Function<OracleConfig, Oracle>> oracles = selected(BenchOracles.available(),
                System.getProperty("bench.oracles"));
        long started = System.nanoTime();

        warmUp(oracles);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "oracles");
        report.put("timestamp", Instant.now().toString());
        report.put("commit", gitCommit());
        report.put("machine", machine());
        report.put("protocol", Map.of("seeds", seeds, "budgets", BUDGETS, "latency_points", LATENCY_POINTS,
                "latency_window", LATENCY_WINDOW, "latency_seeds", latencySeeds, "oracles",
                List.copyOf(oracles.keySet())));
        report.put("quality", quality(oracles, seeds));
        report.put("latency", latency(oracles, latencySeeds));
        report.put("overhead", overhead());
        report.put("reference", REFERENCE);
        report.put("elapsed_seconds", (System.nanoTime() - started) / 1e9);

        Files.createDirectories(out.toAbsolutePath().getParent());
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(out, mapper.writeValueAsString(report), StandardCharsets.UTF_8);
        System.out.println(table(report));
        System.out.println("JSON written to " + out.toAbsolutePath());
    }

    private static Map<String, Function<OracleConfig, Oracle>> selected(Map<String, Function<OracleConfig, Oracle>> all,
                                                                    String names) {
        if (names == null || names.isBlank()) {
            return all;
        }
        Map<String, Function<OracleConfig, Oracle>> m = new LinkedHashMap<>();
        for (String n : names.split(",")) {
            Function<OracleConfig, Oracle> f = all.get(n.trim());
            if (f == null) {
                throw new IllegalArgumentException("bench.oracles: '" + n.trim() + "' is not one of " + all.keySet()
                        + "; pass a comma-separated subset of them.");
            }
            m.put(n.trim(), f);
        }
        return m;
    }

    static OracleConfig config(int maxTrials, long seed) {
        return OracleConfig.defaults(ObjectiveSpec.single("score", MetricDirection.MIN), maxTrials, seed);
    }

    /** Lets the JIT compile the hot paths before anything is timed. */
    private static void warmUp(Map<String, Function<OracleConfig, Oracle>> oracles) {
        for (Function<OracleConfig, Oracle> f : oracles.values()) {
            for (BenchObjective o : BenchObjective.all()) {
                SearchRun.run(f.apply(config(60, 999)), o, 60);
            }
        }
    }

    private static Map<String, Object> quality(Map<String, Function<OracleConfig, Oracle>> oracles, int seeds) {
        int maxBudget = Arrays.stream(BUDGETS).max().orElseThrow();
        Map<String, Object> byObjective = new LinkedHashMap<>();
        for (BenchObjective objective : BenchObjective.all()) {
            Map<String, Object> byOracle = new LinkedHashMap<>();
            for (Map.Entry<String, Function<OracleConfig, Oracle>> e : oracles.entrySet()) {
                List<SearchRun> runs = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int s = 1; s <= seeds; s++) {
                    runs.add(SearchRun.run(e.getValue().apply(config(maxBudget, s)), objective, maxBudget));
                }
                Map<String, Object> figures = new LinkedHashMap<>();
                for (int n : BUDGETS) {
                    double[] best = runs.stream().mapToDouble(r -> r.bestWithin(n)).toArray();
                    figures.put("best_within_" + n, summary(best));
                }
                figures.put("trials_completed", runs.stream().mapToInt(r -> r.scores().size()).toArray());
                figures.put("seconds", (System.nanoTime() - t0) / 1e9);
                byOracle.put(e.getKey(), figures);
                System.err.printf(Locale.ROOT, "quality %-10s %-10s done in %.1f s%n", objective.name(), e.getKey(),
                        (System.nanoTime() - t0) / 1e9);
            }
            byObjective.put(objective.name(), byOracle);
        }
        return byObjective;
    }

    /** Mean, min, max and every value of a figure measured once per seed. */
    static Map<String, Object> summary(double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", Arrays.stream(values).average().orElse(Double.NaN));
        m.put("min", Arrays.stream(values).min().orElse(Double.NaN));
        m.put("max", Arrays.stream(values).max().orElse(Double.NaN));
        m.put("per_seed", values);
        return m;
    }

    /** Median create and end times around each latency point, on hartmann6 (the 6-D objective). */
    private static Map<String, Object> latency(Map<String, Function<OracleConfig, Oracle>> oracles, int seeds) {
        int last = Arrays.stream(LATENCY_POINTS).max().orElseThrow() + LATENCY_WINDOW / 2;
        Map<String, Object> byOracle = new LinkedHashMap<>();
        for (Map.Entry<String, Function<OracleConfig, Oracle>> e : oracles.entrySet()) {
            List<SearchRun> runs = new ArrayList<>();
            for (int s = 1; s <= seeds; s++) {
                runs.add(SearchRun.run(e.getValue().apply(config(last, 1000 + s)), BenchObjective.hartmann6(), last));
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            for (int point : LATENCY_POINTS) {
                List<Long> create = new ArrayList<>();
                List<Long> createCpu = new ArrayList<>();
                List<Long> end = new ArrayList<>();
                for (SearchRun r : runs) {
                    // The create call of completed-trial index i ran with i trials completed.
                    for (int i = point - LATENCY_WINDOW / 2; i < point + LATENCY_WINDOW / 2; i++) {
                        if (i >= 0 && i < r.createNanos().size()) {
                            create.add(r.createNanos().get(i));
                            createCpu.add(r.createCpuNanos().get(i));
                            end.add(r.endNanos().get(i));
                        }
                    }
                }
                Map<String, Object> at = new LinkedHashMap<>();
                at.put("create_ms_median", median(create) / 1e6);
                at.put("create_cpu_ms_median", median(createCpu) / 1e6);
                at.put("create_ms_max", create.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
                at.put("end_ms_median", median(end) / 1e6);
                at.put("samples", create.size());
                figures.put(String.valueOf(point), at);
            }
            List<Long> all = new ArrayList<>();
            runs.forEach(r -> all.addAll(r.createNanos()));
            figures.put("create_ms_mean_over_run", all.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6);
            byOracle.put(e.getKey(), figures);
            System.err.println("latency " + e.getKey() + " done");
        }
        return byOracle;
    }

    /** Random search in memory: wall time of create + update + end per trial over many trials. */
    private static Map<String, Object> overhead() {
        BenchObjective objective = BenchObjective.hartmann6();
        SearchRun.run(new RandomSearchOracle(config(OVERHEAD_TRIALS, 7)), objective, OVERHEAD_TRIALS / 4);
        long t0 = System.nanoTime();
        SearchRun run = SearchRun.run(new RandomSearchOracle(config(OVERHEAD_TRIALS, 8)), objective, OVERHEAD_TRIALS);
        long total = System.nanoTime() - t0;
        int firstThousand = Math.min(1000, run.scores().size());
        long early = 0;
        long late = 0;
        for (int i = 0; i < firstThousand; i++) {
            early += run.createNanos().get(i) + run.endNanos().get(i);
            int j = run.scores().size() - 1 - i;
            late += run.createNanos().get(j) + run.endNanos().get(j);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oracle", "random");
        m.put("objective", objective.name());
        m.put("trials", run.scores().size());
        m.put("ms_per_trial", total / 1e6 / run.scores().size());
        m.put("ms_per_trial_first_1000", early / 1e6 / firstThousand);
        m.put("ms_per_trial_last_1000", late / 1e6 / firstThousand);
        return m;
    }

    private static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("cpu", cpuModel());
        m.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code git rev-parse HEAD}, with {@code -dirty} when the work tree has changes; "unknown" without git. */
    private static String gitCommit() {
        try {
            String head = git("rev-parse", "HEAD");
            if (head == null) {
                return "unknown";
            }
            String status = git("status", "--porcelain", "--untracked-files=no");
            return status == null || status.isEmpty() ? head : head + "-dirty";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? text : null;
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> report) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> quality = (Map<String, Object>) report.get("quality");
        sb.append(String.format(Locale.ROOT, "%n%-22s", "best-within-N (mean)"));
        for (String objective : quality.keySet()) {
            sb.append(String.format(Locale.ROOT, "| %-22s", objective + " @30 / @100"));
        }
        sb.append('\n');
        List<String> rows = new ArrayList<>(((Map<String, Object>) quality.values().iterator().next()).keySet());
        for (String oracle : rows) {
            sb.append(String.format(Locale.ROOT, "%-22s", "tunebatch " + oracle));
            for (String objective : quality.keySet()) {
                Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) quality.get(objective)).get(oracle);
                sb.append(String.format(Locale.ROOT, "| %9.4f / %-10.4f",
                        (Double) ((Map<String, Object>) f.get("best_within_30")).get("mean"),
                        (Double) ((Map<String, Object>) f.get("best_within_100")).get("mean")));
            }
            sb.append('\n');
        }
        for (String ref : List.of("keras-tuner random", "keras-tuner bayesian", "keras-tuner grid", "optuna tpe",
                "optuna random")) {
            sb.append(String.format(Locale.ROOT, "%-22s", ref));
            for (String objective : quality.keySet()) {
                double[] r = REFERENCE.get(objective).get(ref);
                sb.append(String.format(Locale.ROOT, "| %9.4f / %-10.4f", r[0], r[1]));
            }
            sb.append('\n');
        }
        Map<String, Object> bayes = (Map<String, Object>) ((Map<String, Object>) report.get("latency")).get("bayesian");
        if (bayes != null) {
            sb.append("\nbayesian on hartmann6, median ms of create (wall, cpu) / end:");
            for (int p : LATENCY_POINTS) {
                Map<String, Object> at = (Map<String, Object>) bayes.get(String.valueOf(p));
                sb.append(String.format(Locale.ROOT, "  @%d %.2f, %.2f / %.3f", p,
                        (Double) at.get("create_ms_median"), (Double) at.get("create_cpu_ms_median"),
                        (Double) at.get("end_ms_median")));
            }
            sb.append('\n');
        }
        Map<String, Object> overhead = (Map<String, Object>) report.get("overhead");
        sb.append(String.format(Locale.ROOT, "random in-memory overhead: %.4f ms per trial over %d trials%n",
                (Double) overhead.get("ms_per_trial"), (Integer) overhead.get("trials")));
        Map<String, Object> bq = quality.values().stream()
                .map(m -> (Map<String, Object>) m).findFirst().orElseThrow();
        if (bq.containsKey("bayesian")) {
            sb.append("targets (bayesian):");
            for (Map.Entry<String, double[]> t : TARGETS.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) quality.get(t.getKey()))
                        .get("bayesian");
                double mean = (Double) ((Map<String, Object>) f.get("best_within_" + (int) t.getValue()[0]))
                        .get("mean");
                sb.append(String.format(Locale.ROOT, "  %s@%d %.4f <= %.2f %s", t.getKey(), (int) t.getValue()[0],
                        mean, t.getValue()[1], mean <= t.getValue()[1] ? "PASS" : "MISS"));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
