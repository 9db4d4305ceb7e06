package dev.tunebatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.remote.RemoteChildApplication;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Remote workers with real JVMs on a real PostgreSQL (README, Benchmarks, "Remote workers"): each run gets a database
 * of its own, starts its workers ({@code worker}, capacity 1) and waits until each serves the search, then times the
 * manager ({@code run remote} with {@code tunebatch.engine.execution=remote}) from its start to its exit. Three parts:
 * <ol>
 *   <li>speed-up of sleep-bound trials (48 trials of 3 epochs of 200 ms) with 1, 2 and 4 workers, beside the same
 *   search in the manager's own process with parallelism 1;</li>
 *   <li>dispatch latency per trial of the 2- and 4-worker runs: taken_at − dispatched_at (both the database's clock)
 *   and the step's start − dispatched_at;</li>
 *   <li>durable overhead per trial of a no-op program (200 trials of one 0 ms epoch) with 1 and 2 workers, beside
 *   in-process.</li>
 * </ol>
 * Each part runs with cold workers (fresh JVMs, like the manager) and with warm ones (each first ran
 * {@value #WARMUP_TRIALS_PER_WORKER} trials of a warm-up search, as a Deployment's long-lived workers have); the
 * manager is always a fresh JVM, as a CronJob's is. System properties: {@code bench.trials} (48),
 * {@code bench.noop-trials} (200), {@code bench.workers} (1,2,4), {@code bench.modes} (cold,warm),
 * {@code bench.repeats} (3: the speed-up series runs that many times, each worker count represented by its median).
 * Writes JSON to {@code target/bench/}.
 */
public final class RemoteBench {

    private static final String SEARCH = "remote";
    private static final long MANAGER_TIMEOUT_SECONDS = 300;

    /** The zone of the JVMs' clock, which wrote the steps' {@code timestamp} columns. */
    private static final String JVM_ZONE = ZoneId.systemDefault().getId();

    private final Path dir;

    private RemoteBench(Path dir) {
        this.dir = dir;
    }

    /** Warm-up trials per worker before a warm run (3 epochs of 20 ms each). */
    private static final int WARMUP_TRIALS_PER_WORKER = 12;

    /**
     * One search to time; {@code warm} workers first run a warm-up search of their own (a Deployment's workers are
     * long-lived: they start once, not once a night), while the manager is always a fresh JVM, as a CronJob's is.
     */
    private record Setup(String label, int workers, int trials, int epochs, long epochMs, int parallelism,
                         boolean warm) {

        boolean remote() {
            return workers > 0;
        }

        boolean warmsUp() {
            return warm && remote();
        }

        String[] args(Path log) {
            List<String> args = new ArrayList<>(List.of("--child.trials=" + trials, "--child.epochs=" + epochs,
                    "--child.epoch-ms=" + epochMs, "--child.parallelism=" + parallelism, "--child.log=" + log,
                    "--tunebatch.worker.capacity=1"));
            if (warmsUp()) {
                args.add("--child.warmup-trials=" + WARMUP_TRIALS_PER_WORKER * workers);
            }
            return args.toArray(String[]::new);
        }
    }

    /** A timed run: its figures for the JSON, and its per-trial latencies in ms. */
    private record Measured(Map<String, Object> figures, List<Double> takenMs, List<Double> startMs) {
    }

    public static void main(String[] args) throws Exception {
        useTheTestClassPath();
        int trials = Integer.getInteger("bench.trials", 48);
        int noopTrials = Integer.getInteger("bench.noop-trials", 200);
        int[] workerCounts = Arrays.stream(System.getProperty("bench.workers", "1,2,4").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        Path dir = Files.createTempDirectory("tunebatch-remote-bench-");
        RemoteBench bench = new RemoteBench(dir);

        Map<String, Object> report = BenchReport.header("remote-workers");
        report.put("jvm_options", List.of(jvmOptions()));
        report.put("jvm_zone", JVM_ZONE);
        report.put("load_average_at_start", loadAverage());

        int repeats = Integer.getInteger("bench.repeats", 3);
        List<String> modes = Arrays.stream(System.getProperty("bench.modes", "cold,warm").split(","))
                .map(String::trim).toList();
        for (String mode : modes) {
            boolean warm = switch (mode) {
                case "cold" -> false;
                case "warm" -> true;
                default -> throw new IllegalArgumentException("bench.modes=" + mode + ": give cold, warm or both");
            };
            report.put(mode, bench.modeReport(warm, trials, noopTrials, workerCounts, repeats));
        }
        report.put("load_average_at_end", loadAverage());

        Path out = BenchReport.write("remote", report);
        System.out.println("Wrote " + out);
        System.exit(0);
    }

    /** The speed-up, dispatch latency and durable overhead, with cold or warm workers. */
    private Map<String, Object> modeReport(boolean warm, int trials, int noopTrials, int[] workerCounts,
                                           int repeats) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workers", warm ? "warm: each first ran " + WARMUP_TRIALS_PER_WORKER + " warm-up trials of its own "
                + "(3 epochs of 20 ms); the manager is a fresh JVM" : "cold: fresh JVMs, like the manager");
        Map<String, Object> speedup = new LinkedHashMap<>();
        speedup.put("trials", trials);
        speedup.put("epochs", 3);
        speedup.put("epoch_ms", 200);
        speedup.put("ideal_trial_seconds", trials * 3 * 0.2);
        speedup.put("repeats", repeats);
        if (!warm) {
            speedup.put("in_process_parallelism_1",
                    measure(new Setup("in-process, parallelism 1", 0, trials, 3, 200, 1, false)).figures());
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Double> taken = new ArrayList<>();
        List<Double> started = new ArrayList<>();
        Map<Integer, List<Map<String, Object>>> byWorkers = new LinkedHashMap<>();
        // the series of worker counts runs `repeats` times, interleaved, so that a slow spell of the machine does
        // not fall on one worker count only; each count is represented by its median run
        for (int r = 0; r < repeats; r++) {
            for (int w : workerCounts) {
                Measured m = measure(new Setup(w + " worker(s)", w, trials, 3, 200, w, warm));
                byWorkers.computeIfAbsent(w, k -> new ArrayList<>()).add(m.figures());
                if (w >= 2) {
                    taken.addAll(m.takenMs());
                    started.addAll(m.startMs());
                }
            }
        }
        Map<String, Object> one = byWorkers.containsKey(1) ? median(byWorkers.get(1)) : null;
        for (List<Map<String, Object>> series : byWorkers.values()) {
            Map<String, Object> f = median(series);
            f.put("search_s_of_each_run", series.stream().map(x -> x.get("search_s")).toList());
            if (one != null) {
                int w = (int) f.get("workers");
                f.put("speedup_wall", round((double) one.get("manager_wall_s") / (double) f.get("manager_wall_s"), 3));
                f.put("speedup_search", round((double) one.get("search_s") / (double) f.get("search_s"), 3));
                f.put("target_speedup", round(0.9 * w, 2));
            }
            runs.add(f);
        }
        speedup.put("remote", runs);
        report.put("speedup", speedup);

        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("runs", "every 2- and 4-worker run of the speed-up");
        latency.put("trials", taken.size());
        latency.put("taken_minus_dispatched_ms", summary(taken));
        latency.put("step_start_minus_dispatched_ms", summary(started));
        latency.put("target_p50_ms", 20);
        report.put("dispatch_latency", latency);

        Map<String, Object> overhead = new LinkedHashMap<>();
        overhead.put("trials", noopTrials);
        overhead.put("program", "no-op: one epoch of 0 ms");
        List<Map<String, Object>> noop = new ArrayList<>();
        if (!warm) {
            noop.add(measure(new Setup("in-process, parallelism 1", 0, noopTrials, 1, 0, 1, false)).figures());
        }
        noop.add(measure(new Setup("1 worker", 1, noopTrials, 1, 0, 1, warm)).figures());
        noop.add(measure(new Setup("2 workers", 2, noopTrials, 1, 0, 2, warm)).figures());
        overhead.put("runs", noop);
        report.put("durable_overhead", overhead);
        return report;
    }

    /** The run of median search time (the lower middle one of an even count), its figures copied. */
    private static Map<String, Object> median(List<Map<String, Object>> runs) {
        List<Map<String, Object>> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(f -> (double) f.get("search_s")));
        return new LinkedHashMap<>(sorted.get((sorted.size() - 1) / 2));
    }

    /** Runs {@code setup} on a fresh database and times it. */
    private Measured measure(Setup setup) throws Exception {
        HikariDataSource db = TestDatabase.create("bench_remote");
        String tag = (setup.remote() ? "w" + setup.workers() : "local") + "-" + setup.trials() + "-"
                + System.nanoTime();
        List<ChildJvm.Running> workers = new ArrayList<>();
        try {
            JdbcTemplate jdbc = new JdbcTemplate(db);
            long workersStart = System.nanoTime();
            for (int i = 0; i < setup.workers(); i++) {
                workers.add(app(db, setup, tag + "-worker" + i).start("worker"));
            }
            for (ChildJvm.Running w : workers) {
                w.awaitOutput("serves [", Duration.ofSeconds(120));
            }
            double workersReady = (System.nanoTime() - workersStart) / 1e9;
            if (setup.warmsUp()) {
                ChildJvm.Result warmup = app(db, setup, tag + "-warmup-manager")
                        .start("--tunebatch.engine.execution=remote", "run", "warmup").awaitExit(MANAGER_TIMEOUT_SECONDS);
                if (warmup.exitCode() != 0) {
                    throw new IllegalStateException(setup.label() + ": the warm-up manager exited "
                            + warmup.exitCode() + "\n" + warmup.out());
                }
            }

            List<String> managerArgs = new ArrayList<>();
            if (setup.remote()) {
                managerArgs.add("--tunebatch.engine.execution=remote");
            }
            managerArgs.addAll(List.of("run", SEARCH));
            long start = System.nanoTime();
            ChildJvm.Running manager = app(db, setup, tag + "-manager").start(managerArgs.toArray(String[]::new));
            ChildJvm.Result result = manager.awaitExit(MANAGER_TIMEOUT_SECONDS);
            double wall = (System.nanoTime() - start) / 1e9;
            if (result.exitCode() != 0) {
                throw new IllegalStateException(setup.label() + ": the manager exited " + result.exitCode() + "\n"
                        + result.out());
            }
            Measured m = figures(jdbc, setup, wall);
            if (setup.remote()) {
                m.figures().put("workers_ready_s", round(workersReady, 2));
            }
            System.out.printf("%-5s %-28s %3d trials: manager %.2f s, search %.2f s, %.2f ms/trial%s%n",
                    setup.warmsUp() ? "warm" : "cold", setup.label(), setup.trials(), wall, m.figures().get("search_s"),
                    m.figures().get("search_ms_per_trial"), setup.remote() ? ", taken−dispatched p50 "
                            + summary(m.takenMs()).get("p50") + " ms" : "");
            return m;
        } finally {
            for (ChildJvm.Running w : workers) {
                w.terminate();
            }
            for (ChildJvm.Running w : workers) {
                if (!w.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    w.kill();
                }
            }
            drop(db);
        }
    }

    private ChildJvm app(HikariDataSource db, Setup setup, String name) {
        return ChildJvm.of(RemoteChildApplication.class)
                .jvmOptions(jvmOptions())
                .database(db.getJdbcUrl(), db.getUsername(), db.getPassword())
                .output(dir.resolve(name + ".out"))
                .args(setup.args(dir.resolve(name + ".log")));
    }

    /**
     * The child JVMs' options: a worker's or manager's production JIT by default (as the jar runs),
     * {@code -Dbench.jvm="-XX:TieredStopAtLevel=1 ..."} to measure something else.
     */
    private static String[] jvmOptions() {
        return System.getProperty("bench.jvm", "-Xmx384m -XX:+UseSerialGC").trim().split("\\s+");
    }

    /** What the database says of a finished run. */
    private static Measured figures(JdbcTemplate jdbc, Setup setup, double wall) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("label", setup.label());
        f.put("workers", setup.workers());
        f.put("parallelism", setup.parallelism());
        f.put("trials", setup.trials());
        // the measured search is the last job execution (a warm-up search ran before it)
        long measured = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
        Integer completed = jdbc.queryForObject("select count(*) from batch_step_execution where status = "
                + "'COMPLETED' and job_execution_id = ?", Integer.class, measured);
        if (completed == null || completed != setup.trials()) {
            throw new IllegalStateException(setup.label() + ": " + completed + " of " + setup.trials()
                    + " trial steps completed");
        }
        f.put("manager_wall_s", round(wall, 3));
        // The job execution's span, by the manager's clock: the search without the JVM's start and close.
        double job = jdbc.queryForObject("select extract(epoch from (end_time - start_time)) "
                + "from batch_job_execution where job_execution_id = ?", Double.class, measured);
        f.put("job_execution_s", round(job, 3));
        double search;
        if (setup.remote()) {
            search = jdbc.queryForObject("""
                    select extract(epoch from max(s.end_time) at time zone ?) - extract(epoch from min(d.dispatched_at))
                    from tb_trial_dispatch d join batch_step_execution s on s.step_execution_id = d.step_execution_id
                    where d.job_execution_id = ?
                    """, Double.class, JVM_ZONE, measured);
            f.put("search_measure", "first dispatched_at to last step end_time");
        } else {
            search = jdbc.queryForObject("select extract(epoch from (max(end_time) - min(start_time))) "
                    + "from batch_step_execution", Double.class);
            f.put("search_measure", "first step start_time to last step end_time");
        }
        f.put("search_s", round(search, 3));
        f.put("search_ms_per_trial", round(search * 1000 / setup.trials(), 2));
        f.put("job_execution_ms_per_trial", round(job * 1000 / setup.trials(), 2));
        double work = setup.trials() * setup.epochs() * setup.epochMs() / 1000.0;
        if (work > 0) {
            f.put("ideal_search_s", round(work / Math.max(1, setup.workers()), 3));
        }
        List<Double> stepMs = jdbc.queryForList("select extract(epoch from (end_time - start_time)) * 1000 "
                + "from batch_step_execution where status = 'COMPLETED' and job_execution_id = ?", Double.class,
                measured);
        f.put("step_duration_ms", summary(stepMs));
        if (!setup.remote()) {
            return new Measured(f, List.of(), List.of());
        }
        List<Double> taken = new ArrayList<>();
        List<Double> started = new ArrayList<>();
        List<Double> startAfterTaken = new ArrayList<>();
        jdbc.query("""
                select extract(epoch from (d.taken_at - d.dispatched_at)) * 1000,
                       (extract(epoch from s.start_time at time zone ?) - extract(epoch from d.dispatched_at)) * 1000,
                       (extract(epoch from s.start_time at time zone ?) - extract(epoch from d.taken_at)) * 1000
                from tb_trial_dispatch d join batch_step_execution s on s.step_execution_id = d.step_execution_id
                where d.taken_at is not null and s.status = 'COMPLETED' and d.job_execution_id = ?
                order by d.dispatched_at""", rs -> {
                    taken.add(rs.getDouble(1));
                    started.add(rs.getDouble(2));
                    startAfterTaken.add(rs.getDouble(3));
                }, JVM_ZONE, JVM_ZONE, measured);
        f.put("taken_minus_dispatched_ms", summary(taken));
        f.put("step_start_minus_dispatched_ms", summary(started));
        f.put("step_start_minus_taken_ms", summary(startAfterTaken));
        // Per worker, the idle gap between the end of one of its steps and the taking of its next, split at the
        // next trial's dispatch: the manager's turnaround (end announced, seen, reported, next trial proposed and
        // dispatched) and the worker's pickup.
        List<Double> gap = new ArrayList<>();
        List<Double> turnaround = new ArrayList<>();
        jdbc.query("""
                select extract(epoch from d.taken_at) * 1000 - extract(epoch from prev_end at time zone ?) * 1000,
                       extract(epoch from d.dispatched_at) * 1000 - extract(epoch from prev_end at time zone ?) * 1000
                from (select d.*, lag(s.end_time) over (partition by d.worker order by d.taken_at) as prev_end
                      from tb_trial_dispatch d
                      join batch_step_execution s on s.step_execution_id = d.step_execution_id
                      where d.taken_at is not null and d.job_execution_id = ?) d
                where prev_end is not null
                order by d.taken_at""", rs -> {
                    gap.add(rs.getDouble(1));
                    turnaround.add(rs.getDouble(2));
                }, JVM_ZONE, JVM_ZONE, measured);
        f.put("worker_idle_gap_ms", summary(gap));
        f.put("previous_end_to_next_dispatch_ms", summary(turnaround));
        Map<String, Object> growth = new LinkedHashMap<>();
        growth.put("step_start_minus_taken_ms_p50_first_tenth", round(tenthMedian(startAfterTaken, false), 1));
        growth.put("step_start_minus_taken_ms_p50_last_tenth", round(tenthMedian(startAfterTaken, true), 1));
        growth.put("previous_end_to_next_dispatch_ms_p50_first_tenth", round(tenthMedian(turnaround, false), 1));
        growth.put("previous_end_to_next_dispatch_ms_p50_last_tenth", round(tenthMedian(turnaround, true), 1));
        f.put("growth_over_the_search", growth);
        Map<String, Integer> perWorker = new LinkedHashMap<>();
        jdbc.query("select worker, count(*) from tb_trial_dispatch where job_execution_id = ? group by worker "
                + "order by worker", rs -> {
                    perWorker.put(String.valueOf(rs.getString(1)), rs.getInt(2));
                }, measured);
        f.put("trials_per_worker", perWorker);
        return new Measured(f, taken, started);
    }

    /** p50, p95, max and mean of {@code values}, in their unit, rounded to 0.1. */
    private static Map<String, Object> summary(List<Double> values) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return s;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        s.put("n", v.length);
        s.put("p50", round(percentile(v, 0.50), 1));
        s.put("p95", round(percentile(v, 0.95), 1));
        s.put("min", round(v[0], 1));
        s.put("max", round(v[v.length - 1], 1));
        s.put("mean", round(Arrays.stream(v).average().orElse(0), 1));
        return s;
    }

    /** The median of the first (or last) tenth of {@code values} in their order, at least one value. */
    private static double tenthMedian(List<Double> values, boolean last) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int n = Math.max(1, values.size() / 10);
        List<Double> part = last ? values.subList(values.size() - n, values.size()) : values.subList(0, n);
        return percentile(part.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5);
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Drops the run's database, so repeated runs leave nothing behind on the shared server. */
    private static void drop(HikariDataSource db) {
        String url = db.getJdbcUrl();
        db.close();
        String path = url.substring(url.indexOf('/', "jdbc:postgresql://".length()) + 1);
        String name = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        TestDatabase.Server server = TestDatabase.server();
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
             Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop " + name + ": " + e.getMessage());
        }
    }

    /**
     * Child JVMs start on {@code java.class.path}; under {@code exec:java} that is Maven's launcher, while the test
     * class path is the URLs of the class loader this bench runs in.
     */
    private static void useTheTestClassPath() throws URISyntaxException {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
                && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(new File(url.toURI()).getPath());
            }
            System.setProperty("java.class.path", entries.stream().collect(Collectors.joining(File.pathSeparator)));
        }
    }
}
