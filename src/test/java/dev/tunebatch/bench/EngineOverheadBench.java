package dev.tunebatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.EngineTestApplication;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Durable overhead per trial (README, Benchmarks): a no-op program run through the full Spring Batch search on
 * PostgreSQL — a step per trial, every unit committed — for N trials; reports the mean per trial, the median
 * per-trial interval early in the search and at its end (growth), and the mean per tenth of the search. As JVM
 * benchmarks do, a first search of {@code -Dbench.warmup} trials (default 1000) warms the JIT; it is reported too, as
 * the cold figure of a search that is the first of its JVM. Writes JSON to {@code target/bench/}.
 * Arguments: trial counts (default {@code 1000 10000}).
 */
public final class EngineOverheadBench {

    private EngineOverheadBench() {
    }

    /** A program whose fit returns a one-epoch history at once, recording when each fit happened. */
    private record NoOpProgram(double x, List<Long> fitTimes) implements Program {
        @Override
        public CompletionStage<History> fit(FitArgs args) {
            synchronized (fitTimes) {
                fitTimes.add(System.nanoTime());
            }
            return CompletableFuture.completedFuture(History.of(Map.of("score", List.of(x * x))));
        }

        @Override
        public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
            return CompletableFuture.completedFuture(Map.of("score", x * x));
        }

        @Override
        public boolean hasOptimizer() {
            return true;
        }
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {1000, 10000} : Arrays.stream(args).mapToInt(Integer::parseInt)
                .toArray();
        HikariDataSource db = TestDatabase.create("bench_engine");
        Map<String, Object> report = BenchReport.header("engine-overhead");
        report.put("postgresql", serverSettings(db));
        List<Map<String, Object>> runs = new ArrayList<>();
        try (ConfigurableApplicationContext ctx = EngineTestApplication.start(db)) {
            SearchLauncher launcher = ctx.getBean(SearchLauncher.class);
            int warmup = Integer.getInteger("bench.warmup", 1000);
            if (warmup > 0) {
                Map<String, Object> cold = measure(launcher, warmup);
                report.put("cold_first_search_of_the_jvm", cold);
                print("cold", cold);
            }
            for (int n : counts) {
                Map<String, Object> run = measure(launcher, n);
                runs.add(run);
                print("warm", run);
            }
        }
        report.put("runs", runs);
        Path out = BenchReport.write("engine-overhead", report);
        System.out.println("Wrote " + out);
        db.close();
        System.exit(0);
    }

    /** What decides the cost of a commit: the server's version and its durability settings. */
    private static Map<String, Object> serverSettings(HikariDataSource db) throws SQLException {
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (String name : List.of("server_version", "synchronous_commit", "fsync")) {
                try (ResultSet rs = st.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** Runs one search of {@code n} no-op trials and measures it. */
    private static Map<String, Object> measure(SearchLauncher launcher, int n) {
        List<Long> fitTimes = new ArrayList<>();
        SearchDefinition def = SearchDefinition.of("bench-" + n + "-" + System.nanoTime(),
                () -> RandomSearch.builder()
                        .hypermodel(hp -> new NoOpProgram(hp.floatParam("x", -5, 5), fitTimes))
                        .objective(Objective.of("score", Direction.MIN)).maxTrials(n).seed(1).verbose(false),
                () -> FitArgs.builder().epochs(1).build());
        long start = System.nanoTime();
        LaunchOutcome outcome = launcher.run(def, null);
        long total = System.nanoTime() - start;
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("benchmark search failed: " + outcome);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("trials", n);
        run.put("total_seconds", total / 1e9);
        run.put("ms_per_trial", total / 1e6 / n);
        run.put("ms_before_first_trial", (fitTimes.get(0) - start) / 1e6);
        run.put("median_interval_ms_trials_100_200", medianInterval(fitTimes, 100, Math.min(200, n)));
        run.put("median_interval_ms_last_100", medianInterval(fitTimes, Math.max(1, n - 100), n));
        List<Double> tenths = new ArrayList<>();
        for (int t = 0; t < 10 && n >= 20; t++) {
            int from = t * n / 10;
            int to = (t + 1) * n / 10 - 1;
            tenths.add((fitTimes.get(to) - fitTimes.get(from)) / 1e6 / (to - from));
        }
        run.put("mean_interval_ms_by_tenth", tenths);
        return run;
    }

    private static void print(String kind, Map<String, Object> run) {
        System.out.printf("%s %6d trials: %.2f ms per trial (median interval %.2f ms at 100-200, %.2f ms at the end)%n",
                kind, run.get("trials"), run.get("ms_per_trial"), run.get("median_interval_ms_trials_100_200"),
                run.get("median_interval_ms_last_100"));
    }

    private static double medianInterval(List<Long> times, int from, int to) {
        List<Long> d = new ArrayList<>();
        for (int i = Math.max(1, from); i < to && i < times.size(); i++) {
            d.add(times.get(i) - times.get(i - 1));
        }
        if (d.isEmpty()) {
            return Double.NaN;
        }
        d.sort(null);
        return d.get(d.size() / 2) / 1e6;
    }
}
