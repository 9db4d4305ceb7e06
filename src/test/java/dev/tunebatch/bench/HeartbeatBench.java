package dev.tunebatch.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.EngineSettings;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.EngineTestApplication;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commits per trial-minute of running trials: a search of slow trials (epochs of {@code -Dbench.epoch-ms}, default
 * 5 000 ms) run with a heartbeat every 500 ms — what the trial step did before heartbeats were timed, when it
 * committed a unit every half-second poll — and with the default 10 s heartbeat. Counts the trial steps' committed
 * units and every transaction of the database (pg_stat_database) per trial-minute. Writes JSON to
 * {@code target/bench/}.
 */
public final class HeartbeatBench {

    private static final int TRIALS = 2;
    private static final int EPOCHS = 4;

    private HeartbeatBench() {
    }

    public static void main(String[] args) throws Exception {
        long epochMs = Long.getLong("bench.epoch-ms", 5_000);
        HikariDataSource db = TestDatabase.create("bench_heartbeat");
        Map<String, Object> report = BenchReport.header("heartbeat");
        report.put("trials", TRIALS);
        report.put("epochs_per_trial", EPOCHS);
        report.put("epoch_ms", epochMs);
        List<Map<String, Object>> runs = new ArrayList<>();
        try (ConfigurableApplicationContext ctx = EngineTestApplication.start(db)) {
            for (Duration heartbeat : List.of(Duration.ofMillis(500), Duration.ofSeconds(10))) {
                SearchLauncher launcher = new SearchLauncher(ctx.getBean(JobRepository.class),
                        ctx.getBean(JobOperator.class), ctx.getBean(DataSource.class),
                        ctx.getBean(PlatformTransactionManager.class), List.of(),
                        new EngineSettings(heartbeat, Duration.ofMinutes(2)));
                Map<String, Object> run = measure(launcher, new JdbcTemplate(db), heartbeat, epochMs);
                runs.add(run);
                System.out.printf("heartbeat %s: %.1f step commits and %.1f database commits per trial-minute%n",
                        heartbeat, run.get("step_commits_per_trial_minute"), run.get("db_commits_per_trial_minute"));
            }
        }
        report.put("runs", runs);
        Path out = BenchReport.write("heartbeat", report);
        System.out.println("Wrote " + out);
        db.close();
        System.exit(0);
    }

    private static Map<String, Object> measure(SearchLauncher launcher, JdbcTemplate jdbc, Duration heartbeat,
                                               long epochMs) {
        String name = "heartbeat-" + heartbeat.toMillis() + "-" + System.nanoTime();
        SearchDefinition def = new SearchDefinition(name, () -> RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new FakeProgram(epoch -> {
                        Thread.sleep(epochMs);
                        return Map.of("score", x);
                    });
                })
                .objective(Objective.of("score", Direction.MIN)).maxTrials(TRIALS).seed(1).verbose(false),
                () -> FitArgs.builder().epochs(EPOCHS).build(), TRIALS, null);
        long commitsBefore = databaseCommits(jdbc);
        long start = System.nanoTime();
        LaunchOutcome outcome = launcher.run(def, null);
        double minutes = (System.nanoTime() - start) / 60e9;
        long commits = databaseCommits(jdbc) - commitsBefore;
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("benchmark search failed: " + outcome);
        }
        Long stepCommits = jdbc.queryForObject("""
                select sum(s.commit_count) from batch_step_execution s
                join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?""", Long.class, name);
        double trialMinutes = minutes * TRIALS;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("heartbeat_ms", heartbeat.toMillis());
        run.put("trial_minutes", trialMinutes);
        run.put("step_commits", stepCommits);
        run.put("step_commits_per_trial_minute", stepCommits / trialMinutes);
        run.put("db_commits", commits);
        run.put("db_commits_per_trial_minute", commits / trialMinutes);
        return run;
    }

    /** Committed transactions of the database so far; backends report them within a second or so. */
    private static long databaseCommits(JdbcTemplate jdbc) {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jdbc.execute("select pg_stat_clear_snapshot()");
        Long n = jdbc.queryForObject("select xact_commit from pg_stat_database where datname = current_database()",
                Long.class);
        return n == null ? 0 : n;
    }
}
