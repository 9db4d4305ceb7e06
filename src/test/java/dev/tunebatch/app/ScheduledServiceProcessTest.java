package dev.tunebatch.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code tunebatch.schedule.cron} set the application is a service (child JVM): no command runs, it stays up and
 * runs the search at every tick with a run key from the tick's time, adding {@code trials-per-run} trials each time,
 * until SIGTERM stops it gracefully.
 */
class ScheduledServiceProcessTest {

    @TempDir
    static Path work;

    private static HikariDataSource db;

    @BeforeAll
    static void database() {
        db = (HikariDataSource) TestDatabase.create("service");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void theServiceRunsTheSearchAtEveryTickUntilSigterm() throws Exception {
        ChildApp app = new ChildApp(work).env("SPRING_DATASOURCE_URL", db.getJdbcUrl())
                .env("SPRING_DATASOURCE_USERNAME", db.getUsername())
                .env("SPRING_DATASOURCE_PASSWORD", db.getPassword() == null ? "" : db.getPassword());
        Path out = work.resolve("service.out");
        Process service = app.start(out, work.resolve("service.err"), "--tunebatch.schedule.cron=* * * * * *",
                "--tunebatch.schedule.run-key-pattern=HHmmss", "--tunebatch.schedule.trials-per-run=1",
                "--tunebatch.demo.max-trials=50", "--tunebatch.demo.epochs=1");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        try {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc.queryForObject(
                    "select count(*) from batch_job_execution where status = 'COMPLETED'", Integer.class) >= 2);
            assertThat(service.isAlive()).as("the service stays up between ticks").isTrue();
            service.destroy();
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("SIGTERM ends the service").isTrue();
        } finally {
            service.destroyForcibly();
        }

        assertThat(Files.readString(out)).contains("Search 'demo' is scheduled at '* * * * * *'")
                .doesNotContain("Running search");
        List<Map<String, Object>> runs = jdbc.queryForList("""
                select r.parameter_value as run_key, e.status from batch_job_execution e
                join batch_job_execution_params r on r.job_execution_id = e.job_execution_id
                     and r.parameter_name = 'run'""");
        assertThat(runs).allSatisfy(r -> {
            assertThat((String) r.get("run_key")).matches("scheduled-\\d{6}");
            assertThat(r.get("status")).as("no run is left STARTED").isIn("COMPLETED", "STOPPED");
        });
        assertThat(runs.stream().map(r -> r.get("run_key")).distinct()).hasSameSizeAs(runs);
        long completed = runs.stream().filter(r -> r.get("status").equals("COMPLETED")).count();
        assertThat(jdbc.queryForObject("select count(*) from tb_trial where search_name = 'demo' and status = "
                + "'COMPLETED'", Integer.class)).as("one trial per completed run").isEqualTo((int) completed);
    }
}
