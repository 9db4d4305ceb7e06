package dev.tunebatch.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code tunebatch.schedule.cron} set the application is a service (child JVM): no command runs, it stays up and
 * runs the search at every tick with a run key from the tick's time, adding {@code trials-per-run} trials each time,
 * until SIGTERM stops it gracefully. As a service it serves its health and its meters for Prometheus over HTTP.
 */
class ScheduledServiceProcessTest {

    @TempDir
    static Path work;

    private static HikariDataSource db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("service");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void theServiceRunsTheSearchAtEveryTickUntilSigterm() throws Exception {
        ChildJvm app = ChildJvm.application(work).database(db.getJdbcUrl(), db.getUsername(), db.getPassword());
        Path out = work.resolve("service.out");
        int port = freePort();
        ChildJvm.Running service = app.output(out, work.resolve("service.err")).start(
                "--tunebatch.schedule.cron=* * * * * *",
                "--tunebatch.schedule.run-key-pattern=HHmmss", "--tunebatch.schedule.trials-per-run=1",
                "--tunebatch.demo.max-trials=50", "--tunebatch.demo.epochs=1", "--server.port=" + port);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        try {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc.queryForObject(
                    "select count(*) from batch_job_execution where status = 'COMPLETED'", Integer.class) >= 2);
            assertThat(service.isAlive()).as("the service stays up between ticks").isTrue();
            assertServesHealthAndPrometheus(port, jdbc);
            service.terminate();
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("SIGTERM ends the service").isTrue();
        } finally {
            service.kill();
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
        // Each run adds one trial: a completed run completed exactly one trial step, no run completed more, and the
        // completed trials are those steps. (A SIGTERM after a run's trial completed but before the run did leaves
        // that run STOPPED with its trial completed.)
        List<Map<String, Object>> perRun = jdbc.queryForList("""
                select e.job_execution_id, e.status,
                       count(s.step_execution_id) filter (where s.status = 'COMPLETED') as trials
                from batch_job_execution e
                left join batch_step_execution s on s.job_execution_id = e.job_execution_id
                     and s.step_name like 'trial-%'
                group by e.job_execution_id, e.status""");
        long trialSteps = 0;
        for (Map<String, Object> run : perRun) {
            int trials = ((Number) run.get("trials")).intValue();
            assertThat(trials).as("trials completed by %s", run).isLessThanOrEqualTo(1);
            if ("COMPLETED".equals(run.get("status"))) {
                assertThat(trials).as("a completed run completed its trial: %s", run).isEqualTo(1);
            }
            trialSteps += trials;
        }
        assertThat(jdbc.queryForObject("select count(*) from tb_trial where search_name = 'demo' and status = "
                + "'COMPLETED'", Long.class)).as("the completed trials are the runs' completed trial steps")
                .isEqualTo(trialSteps);
    }

    /** {@code /actuator/health} is UP; {@code /actuator/prometheus} shows the search's meters. */
    private static void assertServesHealthAndPrometheus(int port, JdbcTemplate jdbc) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        String completed = "select count(*) from tb_trial where search_name = 'demo' and status = 'COMPLETED'";
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        int after = jdbc.queryForObject(completed, Integer.class);
        assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));
        assertThat(sample(scrape.body(), "tunebatch_trials{search=\"demo\",status=\"COMPLETED\"}"))
                .as("the gauge reads the database: at least the two runs awaited, at most what it holds now")
                .isBetween(2.0, (double) after);
        assertThat(sample(scrape.body(), "tunebatch_trial_duration_seconds_count{search=\"demo\","
                + "status=\"COMPLETED\"}")).as("trials run by this service").isPositive();
    }

    /** The value of one sample, e.g. {@code name{label="v"} 3.0}, of a Prometheus text exposition. */
    private static double sample(String exposition, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertThat(m.find()).as("%s in\n%s", series, exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
