package dev.tunebatch.observability;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.ObservedEngineTestApplication;
import dev.tunebatch.testing.ScriptedProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Observability on a real PostgreSQL: the search meters agree with SQL, health includes the database (UP, then
 * DOWN with the error while it refuses connections), and log lines written inside a trial name the search and trial.
 */
@SpringBootTest(classes = ObservedEngineTestApplication.class, properties = {"tunebatch.cli.enabled=false",
        "spring.datasource.hikari.connection-timeout=1500", "spring.datasource.hikari.validation-timeout=1000"})
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest {

    private static final HikariDataSource DB = TestDatabase.create("observability");
    private static final Path REPORTS = Path.of(System.getProperty("java.io.tmpdir"),
            "tunebatch-observability-" + UUID.randomUUID());
    private static final Logger programLog = LoggerFactory.getLogger("dev.tunebatch.testing.Program");
    private static final Set<Integer> FAILING = Set.of(1, 4);
    private static final long FIT_MILLIS = 40;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
        registry.add("tunebatch.report.on-search-end", () -> "false");
        registry.add("tunebatch.report.dir", REPORTS::toString);
    }

    @Autowired
    SearchLauncher launcher;

    @Autowired
    MeterRegistry meters;

    @Autowired
    HealthContributorRegistry health;

    @Autowired
    HealthEndpoint healthEndpoint;

    @Autowired
    DataSource dataSource;

    private String runSearch(int trials) {
        String name = "observed-" + UUID.randomUUID().toString().substring(0, 8);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        SearchDefinition definition = SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> new ScriptedProgram("val_reward", hp.floatParam("x", 0, 1), fit -> {
                            // logs, books LM usage under the run id the engine passes, takes FIT_MILLIS ms
                            programLog.info("fitting trial {} of run {}", fit.trialId(), fit.runId());
                            ScriptedProgram.pause(FIT_MILLIS);
                            jdbc.update("insert into lm_cost_ledger (run_id, trial_id, phase, model, endpoint, "
                                            + "input_tokens, output_tokens, cost, cached, failed, attempts, "
                                            + "latency_ms) values (?, ?, 'inference', 'm', '', 100, ?, ?, false, "
                                            + "false, 1, 5)", fit.runId(), fit.trialId(), 10 * fit.index(),
                                    0.01 * (fit.index() + 1));
                            return FAILING.contains(fit.index()) ? "trial " + fit.trialId() + " fails on purpose"
                                    : null;
                        }))
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(trials).seed(21),
                () -> FitArgs.builder().epochs(1).build());
        LaunchOutcome outcome = launcher.run(definition, null);
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        return name;
    }

    private double gauge(String name, String... tags) {
        var gauge = meters.find(name).tags(tags).gauge();
        assertThat(gauge).as("gauge " + name + " " + String.join(",", tags)).isNotNull();
        return gauge.value();
    }

    @Test
    void theSearchMetersAgreeWithSql() {
        String name = runSearch(6);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        for (String status : List.of("COMPLETED", "FAILED", "RUNNING", "INVALID")) {
            long inSql = jdbc.queryForObject("select count(*) from tb_trial where search_name = ? and status = ?",
                    Long.class, name, status);
            assertThat(gauge(SearchMetrics.TRIALS, "search", name, "status", status)).as(status).isEqualTo(inSql);
        }
        assertThat(gauge(SearchMetrics.TRIALS, "search", name, "status", "COMPLETED")).isEqualTo(4);
        assertThat(gauge(SearchMetrics.TRIALS, "search", name, "status", "FAILED")).isEqualTo(2);

        List<Timer> timers = List.copyOf(meters.find(SearchMetrics.TRIAL_DURATION).tag("search", name).timers());
        assertThat(timers.stream().mapToLong(Timer::count).sum()).as("one duration per trial").isEqualTo(6);
        assertThat(meters.find(SearchMetrics.TRIAL_DURATION).tags("search", name, "status", "FAILED").timer().count())
                .isEqualTo(2);
        assertThat(timers).allSatisfy(t -> assertThat(t.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(FIT_MILLIS));

        double best = jdbc.queryForObject("select max(score) from tb_trial where search_name = ? and status = "
                + "'COMPLETED'", Double.class, name);
        assertThat(gauge(SearchMetrics.BEST_SCORE, "search", name)).isEqualTo(best);

        long tokens = jdbc.queryForObject("select sum(total_tokens) from lm_cost_ledger where run_id = ?", Long.class,
                name);
        double cost = jdbc.queryForObject("select sum(cost) from lm_cost_ledger where run_id = ?", Double.class, name);
        assertThat(tokens).as("the engine passed the search's name as the ledger's run id")
                .isEqualTo(6 * 100 + 10 * (0 + 1 + 2 + 3 + 4 + 5));
        assertThat(gauge(SearchMetrics.LM_TOKENS, "search", name)).isEqualTo(tokens);
        assertThat(gauge(SearchMetrics.LM_COST, "search", name)).isCloseTo(cost, within(1e-9));
        assertThat(cost).isCloseTo(0.21, within(1e-9));
    }

    @Test
    void aFreshProcessExposesTheStoredSearchesButNoDurationsItDidNotSee() {
        String name = runSearch(3);
        SimpleMeterRegistry fresh = new SimpleMeterRegistry();

        new SearchMetrics(fresh, new SearchStatistics(dataSource)).watchStoredSearches();

        assertThat(fresh.find(SearchMetrics.TRIALS).tags("search", name, "status", "COMPLETED").gauge().value())
                .as("trials 0 and 2 completed, 1 failed").isEqualTo(2);
        assertThat(fresh.find(SearchMetrics.BEST_SCORE).tag("search", name).gauge().value())
                .isEqualTo(gauge(SearchMetrics.BEST_SCORE, "search", name));
        assertThat(fresh.find(SearchMetrics.BEST_SCORE).tag("search", "never-ran").gauge()).isNull();
        assertThat(fresh.find(SearchMetrics.TRIAL_DURATION).timers()).isEmpty();
    }

    @Test
    void logLinesWrittenInsideATrialNameTheSearchAndTheTrial(CapturedOutput output) {
        programLog.info("outside any search");
        String name = runSearch(3);

        List<String> lines = output.getOut().lines().toList();
        assertThat(lines).filteredOn(l -> l.contains("fitting trial 2 of run " + name)).singleElement()
                .asString().contains("[search=" + name + " trial=2]");
        assertThat(lines).filteredOn(l -> l.contains("Trial 0 step ended COMPLETED")).singleElement()
                .asString().contains("[search=" + name + " trial=0]");
        assertThat(lines).filteredOn(l -> l.contains("outside any search")).singleElement()
                .asString().doesNotContain("[search=");
    }

    @Test
    void healthIncludesTheDatabaseAndTurnsDownWhileItRefusesConnections() throws Exception {
        HealthIndicator db = (HealthIndicator) health.getContributor("db");
        assertThat(db).as("Boot's DataSourceHealthIndicator is registered as 'db'").isNotNull();
        var up = db.health(true);
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("database", "PostgreSQL");
        var application = (CompositeHealthDescriptor) healthEndpoint.health();
        assertThat(application.getStatus()).isEqualTo(Status.UP);
        assertThat(application.getComponents()).containsKey("db");
        assertThat(healthEndpoint.healthForPath("db").getStatus()).isEqualTo(Status.UP);

        String database = new JdbcTemplate(dataSource).queryForObject("select current_database()", String.class);
        try {
            admin("alter database " + database + " with allow_connections false",
                    "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
            assertThat(db.health(true).getStatus()).isEqualTo(Status.DOWN);
            // pooled connections that were cut off report DOWN without an error; once the pool needs a new
            // connection, the refusal is the error
            var down = Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.health(true), h -> h.getDetails().containsKey("error"));
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(down.getDetails().get("error"))).as("the error names the cause")
                    .contains("CannotGetJdbcConnectionException", "Failed to obtain JDBC Connection");
        } finally {
            admin("alter database " + database + " with allow_connections true");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> db.health(true).getStatus().equals(Status.UP));
    }

    private static void admin(String... statements) throws Exception {
        var server = TestDatabase.server();
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
             Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
