package dev.tunebatch.bench;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.bayes.BayesianOptimizationOracle;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.SplittableRandom;

/**
 * The Bayesian oracle's suggestion latency once a study holds many completed trials (6-D hartmann6). Driving a
 * search to 5 000 trials through the oracle would take hours with a model whose cost grows with the data, so each
 * size starts from a restored search: a history of {@code n} completed trials like the one a long model-based search
 * leaves (a quarter spread over the space, the rest around the best trials so far), restored the way a resumed
 * search is. Three figures per size:
 * <ul>
 *   <li><b>between refits</b>: the kernel hyperparameters are stored as just fitted at {@code n}, so the next
 *   suggestions reuse them (the common case); median, mean and max over a window of suggestions;</li>
 *   <li><b>warm refit</b>: stored as fitted a refit interval ago, so the next suggestion refits from them;</li>
 *   <li><b>full refit</b>: no stored fit, so the next suggestion fits from scratch with restarts (what a schedule
 *   does rarely).</li>
 * </ul>
 * Each timed suggestion is followed by completing the trial with its true score, as in a search. The CPU time of
 * the suggesting thread and the bytes it allocated are reported too (CPU time is what other processes on a shared
 * machine do not inflate).
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tunebatch.bench.BayesianScaleBench}. Properties: {@code bench.out} (default
 * {@code target/bench/bayes-scale.json}), {@code bench.sizes} (default {@code 100,1000,5000}), {@code bench.window}
 * (suggestions between refits, default 10), {@code bench.refitUpTo} (largest size whose warm and full refits are
 * timed, default all), {@code bench.label} (free text stored with the figures, e.g. "before"),
 * {@code bench.longRun} (trials of real searches on hartmann6 whose quality beyond 100 trials is reported: best
 * within 100 / 200 / 300 / all and the mean score of the last 100 trials; default 0, none) and
 * {@code bench.longRunSeeds} (default 5). An empty {@code bench.sizes} times no restored search.
 */
public final class BayesianScaleBench {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final BenchObjective OBJECTIVE = BenchObjective.hartmann6();
    private static final long HISTORY_SEED = 20_240_614L;

    private BayesianScaleBench() {
    }

    public static void main(String[] args) throws IOException {
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "100,1000,5000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int window = Integer.getInteger("bench.window", 10);
        int refitUpTo = Integer.getInteger("bench.refitUpTo", Integer.MAX_VALUE);
        Path out = Path.of(System.getProperty("bench.out", "target/bench/bayes-scale.json"));
        long started = System.nanoTime();

        Map<String, Object> report = BenchReport.header("bayesian-scale");
        report.put("label", System.getProperty("bench.label", ""));
        report.put("load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.put("protocol", Map.of("objective", OBJECTIVE.name(), "sizes", sizes, "window", window,
                "refit_up_to", refitUpTo, "history_seed", HISTORY_SEED));

        warmUp();
        Map<String, Object> bySize = new LinkedHashMap<>();
        for (int n : sizes) {
            List<Map<String, Object>> history = history(n, HISTORY_SEED);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("best_in_history", history.stream().mapToDouble(OBJECTIVE::evaluate).min().orElseThrow());
            figures.put("between_refits", timed(history, kernelState(n, n, n), Math.min(window, n / 10 - 1)));
            if (n <= refitUpTo) {
                int interval = Math.max(1, (int) Math.ceil(n * 0.1));
                figures.put("warm_refit", timed(history, kernelState(n - interval, n - interval, n - 2 * interval),
                        1));
                figures.put("full_refit", timed(history, Map.of(), 1));
            }
            bySize.put(String.valueOf(n), figures);
            System.err.printf(Locale.ROOT, "n=%d %s%n", n, figures);
        }
        report.put("latency", bySize);
        int longRun = Integer.getInteger("bench.longRun", 0);
        if (longRun > 0) {
            report.put("long_run", longRun(longRun, Integer.getInteger("bench.longRunSeeds", 5)));
        }
        report.put("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.put("elapsed_seconds", (System.nanoTime() - started) / 1e9);

        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(report), StandardCharsets.UTF_8);
        System.out.println(summary(bySize));
        System.out.println("JSON written to " + out.toAbsolutePath());
    }

    /** Real sequential searches of {@code trials} trials: quality beyond the suite's 100 trials, and total time. */
    private static Map<String, Object> longRun(int trials, int seeds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", trials);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            SearchRun run = SearchRun.run(new BayesianOptimizationOracle(OracleBench.config(trials, 500 + s)),
                    OBJECTIVE, trials);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("seed", 500 + s);
            for (int n : new int[] {100, 200, 300, trials}) {
                r.put("best_within_" + n, run.bestWithin(n));
            }
            List<Double> tail = run.scores().subList(Math.max(0, run.scores().size() - 100), run.scores().size());
            r.put("mean_of_last_100", tail.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            r.put("cpu_seconds", (THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
            runs.add(r);
            System.err.printf(Locale.ROOT, "long run %s%n", r);
        }
        m.put("runs", runs);
        for (String key : runs.get(0).keySet()) {
            if (!key.equals("seed")) {
                m.put(key + "_mean", runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).average()
                        .orElse(Double.NaN));
            }
        }
        return m;
    }

    /** Lets the JIT compile the model's hot paths before anything is timed. */
    private static void warmUp() {
        List<Map<String, Object>> history = history(400, HISTORY_SEED + 1);
        timed(history, Map.of(), 1);
        timed(history, kernelState(400, 400, 400), 20);
    }

    /**
     * Suggestions of an oracle restored with {@code history} and the kernel state {@code kernel}: median, mean and
     * max wall time, median CPU time, and the bytes allocated per suggestion.
     */
    private static Map<String, Object> timed(List<Map<String, Object>> history, Map<String, Object> kernel,
                                             int suggestions) {
        Oracle oracle = restored(history, kernel);
        long[] wall = new long[suggestions];
        long[] cpu = new long[suggestions];
        long[] allocated = new long[suggestions];
        long thread = Thread.currentThread().threadId();
        for (int i = 0; i < suggestions; i++) {
            long a0 = THREADS.getThreadAllocatedBytes(thread);
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Trial t = oracle.createTrial("w0");
            wall[i] = System.nanoTime() - t0;
            cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
            allocated[i] = THREADS.getThreadAllocatedBytes(thread) - a0;
            if (t.status() != TrialStatus.RUNNING) {
                throw new IllegalStateException("the oracle stopped after " + history.size() + " trials");
            }
            oracle.updateTrial(t.id(), Map.of("score", OBJECTIVE.evaluate(t.hyperparameters().values())), 0);
            t.setStatus(TrialStatus.COMPLETED);
            oracle.endTrial(t);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suggestions", suggestions);
        m.put("wall_ms_median", median(wall) / 1e6);
        m.put("wall_ms_mean", Arrays.stream(wall).average().orElseThrow() / 1e6);
        m.put("wall_ms_max", Arrays.stream(wall).max().orElseThrow() / 1e6);
        m.put("cpu_ms_median", median(cpu) / 1e6);
        m.put("allocated_mb_median", median(allocated) / (1024.0 * 1024.0));
        m.put("wall_ms", Arrays.stream(wall).mapToDouble(v -> v / 1e6).toArray());
        return m;
    }

    /** The kernel part of the stored state: the parameters as fitted at {@code fittedAt}. */
    private static Map<String, Object> kernelState(int n, int fittedAt, int fullFitAt) {
        Map<String, Object> lengths = new LinkedHashMap<>();
        // Length scales a fit of hartmann6 settles near; the exact values matter little for the timing.
        double[] scales = {0.45, 0.35, 0.8, 0.3, 0.4, 0.5};
        for (int d = 0; d < scales.length; d++) {
            lengths.put(d + ":x" + (d + 1), Math.log(scales[d]));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("log_length_scales", lengths);
        params.put("log_noise_ratio", Math.log(1e-4));
        Map<String, Object> kernel = new LinkedHashMap<>();
        kernel.put("params", params);
        kernel.put("fitted_at", Math.max(0, Math.min(n, fittedAt)));
        kernel.put("full_fit_at", Math.max(0, Math.min(n, fullFitAt)));
        return kernel;
    }

    /** A default Bayesian oracle restored with {@code history} as its completed trials and {@code kernel}. */
    @SuppressWarnings("unchecked")
    private static Oracle restored(List<Map<String, Object>> history, Map<String, Object> kernel) {
        BayesianOptimizationOracle oracle = new BayesianOptimizationOracle(
                OracleBench.config(history.size() + 1000, 77));
        oracle.updateSpace(OBJECTIVE.space().get());
        Map<String, Object> state = new LinkedHashMap<>(oracle.state());
        state.put("end_seq", history.size());
        Map<String, Object> algorithm = new LinkedHashMap<>((Map<String, Object>) state.get("algorithm"));
        algorithm.put("kernel", kernel);
        state.put("algorithm", algorithm);
        List<Map<String, Object>> trials = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("trial_id", oracle.trialId(i));
            t.put("hyperparameters", Map.of("values", history.get(i)));
            t.put("score", OBJECTIVE.evaluate(history.get(i)));
            t.put("status", TrialStatus.COMPLETED.name());
            t.put("run_count", 1);
            t.put("end_seq", i + 1);
            trials.add(t);
        }
        oracle.restore(state, trials, true);
        return oracle;
    }

    /**
     * {@code n} value sets like those of a long model-based search on hartmann6: the first 20 and a quarter of the
     * rest uniformly random, the others a normal step (standard deviation 0.02, 0.05 or 0.15) away from one of the
     * ten best so far.
     */
    static List<Map<String, Object>> history(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[]> points = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<Map<String, Object>> out = new ArrayList<>();
        double[] steps = {0.02, 0.05, 0.15};
        for (int i = 0; i < n; i++) {
            double[] x = new double[6];
            if (i < 20 || r.nextDouble() < 0.25) {
                for (int d = 0; d < 6; d++) {
                    x[d] = r.nextDouble();
                }
            } else {
                Integer[] order = new Integer[points.size()];
                for (int k = 0; k < order.length; k++) {
                    order[k] = k;
                }
                Arrays.sort(order, (a, b) -> Double.compare(scores.get(a), scores.get(b)));
                double[] centre = points.get(order[r.nextInt(Math.min(10, order.length))]);
                double step = steps[r.nextInt(steps.length)];
                for (int d = 0; d < 6; d++) {
                    x[d] = Math.min(1, Math.max(0, centre[d] + step * gaussian(r)));
                }
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int d = 0; d < 6; d++) {
                values.put("x" + (d + 1), x[d]);
            }
            points.add(x);
            scores.add(OBJECTIVE.evaluate(values));
            out.add(values);
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = Math.max(r.nextDouble(), 1e-300);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    @SuppressWarnings("unchecked")
    private static String summary(Map<String, Object> bySize) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nbayesian on hartmann6, ms per suggestion: between refits median (cpu) / warm refit / full refit%n"));
        bySize.forEach((n, f) -> {
            Map<String, Object> figures = (Map<String, Object>) f;
            Map<String, Object> between = (Map<String, Object>) figures.get("between_refits");
            sb.append(String.format(Locale.ROOT, "  n=%-5s %9.1f (%9.1f) / %s / %s%n", n,
                    (Double) between.get("wall_ms_median"), (Double) between.get("cpu_ms_median"),
                    single(figures.get("warm_refit")), single(figures.get("full_refit"))));
        });
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static String single(Object figures) {
        return figures == null ? "-" : String.format(Locale.ROOT, "%.1f",
                (Double) ((Map<String, Object>) figures).get("wall_ms_median"));
    }
}
