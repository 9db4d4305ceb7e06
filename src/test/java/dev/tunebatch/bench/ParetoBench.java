package dev.tunebatch.bench;

import dev.tunebatch.hp.Condition;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.bayes.BayesianOptimizationOracle;
import dev.tunebatch.oracle.bayes.ParetoStrategy;
import dev.tunebatch.oracle.pareto.Hypervolume;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Hypervolume after 50 and 100 trials on two-objective problems ({@link ParetoProblem}: ZDT1 6-D, ZDT2 4-D, an LM
 * quality/cost space with categorical and conditional hyperparameters), mean over several seeds, for the Bayesian
 * oracle (expected hypervolume improvement, and ParEGO for comparison) and random search; Optuna's NSGA-II and
 * multi-objective TPE figures come from {@code pareto_optuna.py} beside this file when its JSON is present.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tunebatch.bench.ParetoBench}. Properties: {@code bench.seeds} (default 10),
 * {@code bench.oracles} (comma-separated, default all), {@code bench.optuna} (Optuna's JSON, default
 * {@code target/bench/pareto-optuna.json}). Writes {@code target/bench/pareto-<time>.json}.
 */
public final class ParetoBench {

    static final int[] BUDGETS = {50, 100};

    private ParetoBench() {
    }

    /** Name → oracle factory. */
    static Map<String, Function<OracleConfig, Oracle>> oracles() {
        Map<String, Function<OracleConfig, Oracle>> m = new LinkedHashMap<>();
        m.put("bayesian-ehvi", c -> new BayesianOptimizationOracle(c, null, BayesianOptimizationOracle.DEFAULT_ALPHA,
                BayesianOptimizationOracle.DEFAULT_BETA, ParetoStrategy.EHVI));
        m.put("bayesian-parego", c -> new BayesianOptimizationOracle(c, null,
                BayesianOptimizationOracle.DEFAULT_ALPHA, BayesianOptimizationOracle.DEFAULT_BETA,
                ParetoStrategy.PAREGO));
        m.put("random", RandomSearchOracle::new);
        return m;
    }

    public static void main(String[] args) throws IOException {
        int seeds = Integer.getInteger("bench.seeds", 10);
        String only = System.getProperty("bench.oracles");
        int maxBudget = Arrays.stream(BUDGETS).max().orElseThrow();
        Map<String, Object> report = BenchReport.header("pareto");
        Map<String, Object> references = new LinkedHashMap<>();
        ParetoProblem.all().forEach(p -> references.put(p.name(), Map.of("reference", p.reference(), "loose",
                p.looseReference())));
        report.put("protocol", Map.of("seeds", seeds, "budgets", BUDGETS, "hypervolume",
                "exact, on the minimised objectives; hv_N with the reference point, hv_N_loose with the loose one",
                "references", references));
        Map<String, Object> results = new LinkedHashMap<>();
        for (ParetoProblem problem : ParetoProblem.all()) {
            Map<String, Object> byOracle = new LinkedHashMap<>();
            for (Map.Entry<String, Function<OracleConfig, Oracle>> e : oracles().entrySet()) {
                if (only != null && !Arrays.asList(only.split(",")).contains(e.getKey())) {
                    continue;
                }
                long t0 = System.nanoTime();
                List<double[]> perSeed = new ArrayList<>();
                for (int s = 1; s <= seeds; s++) {
                    OracleConfig config = OracleConfig.defaults(problem.objective(), maxBudget, s);
                    List<double[]> points = run(e.getValue().apply(config), problem, maxBudget);
                    double[] hv = new double[2 * BUDGETS.length];
                    for (int b = 0; b < BUDGETS.length; b++) {
                        double[][] first = points.subList(0, Math.min(BUDGETS[b], points.size()))
                                .toArray(double[][]::new);
                        hv[b] = Hypervolume.of(first, problem.reference());
                        hv[BUDGETS.length + b] = Hypervolume.of(first, problem.looseReference());
                    }
                    perSeed.add(hv);
                }
                Map<String, Object> figures = new LinkedHashMap<>();
                for (int b = 0; b < 2 * BUDGETS.length; b++) {
                    int k = b;
                    double[] values = perSeed.stream().mapToDouble(v -> v[k]).toArray();
                    figures.put("hv_" + BUDGETS[b % BUDGETS.length] + (b < BUDGETS.length ? "" : "_loose"),
                            OracleBench.summary(values));
                }
                figures.put("seconds", (System.nanoTime() - t0) / 1e9);
                byOracle.put(e.getKey(), figures);
                System.err.printf(Locale.ROOT, "%-16s %-16s %s%n", problem.name(), e.getKey(), figures);
            }
            results.put(problem.name(), byOracle);
        }
        report.put("results", results);
        Path optuna = Path.of(System.getProperty("bench.optuna", "target/bench/pareto-optuna.json"));
        if (Files.exists(optuna)) {
            report.put("optuna", JsonMapper.builder().build().readValue(optuna.toFile(), Map.class));
        }
        Path file = BenchReport.write("pareto", report);
        System.out.println(table(report));
        System.out.println("JSON written to " + file.toAbsolutePath());
    }

    /** One sequential search; the minimised objective values of its completed trials, in order. */
    static List<double[]> run(Oracle oracle, ParetoProblem problem, int trials) {
        declare(oracle, problem);
        List<double[]> points = new ArrayList<>();
        while (points.size() < trials) {
            Trial t = oracle.createTrial("w0");
            if (t.status() != TrialStatus.RUNNING) {
                break;
            }
            Map<String, Double> metrics = problem.evaluate().apply(t.hyperparameters().values());
            oracle.updateTrial(t.id(), metrics, 0);
            t.setStatus(TrialStatus.COMPLETED);
            oracle.endTrial(t);
            points.add(problem.minimised(metrics));
        }
        return points;
    }

    /** Declares the problem's space, every conditional branch included (as the tuner does by building per branch). */
    static void declare(Oracle oracle, ParetoProblem problem) {
        HyperParameters hp = problem.hyperparameters();
        oracle.updateSpace(hp);
        for (List<Condition> scope : hp.inactiveScopes()) {
            HyperParameters branch = new HyperParameters();
            for (Condition c : scope) {
                branch.putValue(c.name(), c.values().get(0));
            }
            problem.space().accept(branch);
            oracle.updateSpace(branch);
        }
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> report) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> results = (Map<String, Object>) report.get("results");
        Map<String, Object> optuna = (Map<String, Object>) report.get("optuna");
        sb.append(String.format(Locale.ROOT, "%n%-26s", "hypervolume (mean)"));
        for (String problem : results.keySet()) {
            sb.append(String.format(Locale.ROOT, "| %-39s", problem + " @50 / @100 (loose)"));
        }
        sb.append('\n');
        List<String> rows = new ArrayList<>();
        results.values().forEach(v -> ((Map<String, Object>) v).keySet().forEach(k -> {
            if (!rows.contains(k)) {
                rows.add(k);
            }
        }));
        for (String oracle : rows) {
            sb.append(String.format(Locale.ROOT, "%-26s", "tunebatch " + oracle));
            for (String problem : results.keySet()) {
                Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) results.get(problem)).get(oracle);
                sb.append(f == null ? String.format(Locale.ROOT, "| %-39s", "-") : cell(f));
            }
            sb.append('\n');
        }
        if (optuna != null) {
            Map<String, Object> byProblem = (Map<String, Object>) optuna.get("results");
            List<String> samplers = new ArrayList<>();
            byProblem.values().forEach(v -> ((Map<String, Object>) v).keySet().forEach(k -> {
                if (!samplers.contains(k)) {
                    samplers.add(k);
                }
            }));
            for (String sampler : samplers) {
                sb.append(String.format(Locale.ROOT, "%-26s", "optuna " + sampler));
                for (String problem : results.keySet()) {
                    Map<String, Object> p = (Map<String, Object>) byProblem.get(problem);
                    Map<String, Object> f = p == null ? null : (Map<String, Object>) p.get(sampler);
                    sb.append(f == null ? String.format(Locale.ROOT, "| %-39s", "-") : cell(f));
                }
                sb.append('\n');
            }
            sb.append("optuna ").append(optuna.get("versions")).append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static String cell(Map<String, Object> f) {
        double a = ((Number) ((Map<String, Object>) f.get("hv_50")).get("mean")).doubleValue();
        double b = ((Number) ((Map<String, Object>) f.get("hv_100")).get("mean")).doubleValue();
        String loose = "";
        if (f.containsKey("hv_50_loose")) {
            loose = String.format(Locale.ROOT, " (%.3f / %.3f)",
                    ((Number) ((Map<String, Object>) f.get("hv_50_loose")).get("mean")).doubleValue(),
                    ((Number) ((Map<String, Object>) f.get("hv_100_loose")).get("mean")).doubleValue());
        }
        return String.format(Locale.ROOT, "| %8.4f / %-8.4f%-20s", a, b, loose);
    }
}
