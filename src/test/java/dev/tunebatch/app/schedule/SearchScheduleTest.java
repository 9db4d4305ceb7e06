package dev.tunebatch.app.schedule;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.EngineTestApplication;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas scheduling one search every second on one PostgreSQL: each tick's run key runs once, never two runs at
 * once (the launcher's claim is an advisory lock), and each run adds its trials; run keys come from the tick's time.
 */
@SpringBootTest(classes = EngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
class SearchScheduleTest {

    private static final HikariDataSource DB = TestDatabase.create("schedule");
    private static final String SEARCH = "nightly";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    @Autowired
    SearchLauncher launcher;

    private final List<SearchSchedule.Tick> ticks = new CopyOnWriteArrayList<>();

    private SearchSchedule replica() {
        SearchDefinition search = SearchDefinition.of(SEARCH, () -> RandomSearch.builder()
                        .hypermodel(hp -> {
                            double x = hp.floatParam("x", 0, 1);
                            return new FakeProgram(epoch -> {
                                Thread.sleep(300);
                                return Map.of("val_reward", x);
                            });
                        })
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(1000).seed(5),
                () -> FitArgs.builder().epochs(2).build()).withTrialsPerRun(1);
        return new SearchSchedule(CronExpression.parse("* * * * * *"), ZoneOffset.UTC,
                DateTimeFormatter.ofPattern("HHmmss"), search, launcher, () -> { }, ticks::add, Clock.systemUTC());
    }

    @Test
    void twoReplicasRunEachTickOnceAndNeverTogether() throws Exception {
        SearchSchedule a = replica();
        SearchSchedule b = replica();
        JdbcTemplate jdbc = new JdbcTemplate(DB);
        a.start();
        b.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> completedRuns(jdbc) >= 3);
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(a.awaitTermination(Duration.ofSeconds(60))).isTrue();
        assertThat(b.awaitTermination(Duration.ofSeconds(60))).isTrue();

        List<Map<String, Object>> runs = jdbc.queryForList("""
                select r.parameter_value as run_key, e.status, e.start_time, e.end_time
                from batch_job_execution e
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?
                join batch_job_execution_params r on r.job_execution_id = e.job_execution_id
                     and r.parameter_name = 'run'
                order by e.start_time""", SEARCH);
        assertThat(runs).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.get("status")).isEqualTo("COMPLETED"))
                .allSatisfy(r -> assertThat((String) r.get("run_key")).matches("scheduled-\\d{6}"));
        assertThat(runs.stream().map(r -> r.get("run_key")).distinct()).as("one execution per run key")
                .hasSameSizeAs(runs);
        for (int i = 1; i < runs.size(); i++) {
            Timestamp previousEnd = (Timestamp) runs.get(i - 1).get("end_time");
            Timestamp start = (Timestamp) runs.get(i).get("start_time");
            assertThat(start).as("run %s starts after run %s ended", i, i - 1).isAfterOrEqualTo(previousEnd);
        }
        assertThat(jdbc.queryForObject("select count(*) from tb_trial where search_name = ? and status = 'COMPLETED'",
                Integer.class, SEARCH)).as("each run adds one trial").isEqualTo(runs.size());
        assertThat(ticks).as("the replicas met at a tick; one of them was refused")
                .anyMatch(t -> t.outcome().exitCode() == ExitCodes.BUSY);
        assertThat(ticks).allSatisfy(t -> assertThat(t.runKey())
                .isEqualTo("scheduled-" + DateTimeFormatter.ofPattern("HHmmss").format(t.tick())));
    }

    @Test
    void theRunKeyIsTheTicksTimeInTheScheduleZone() {
        SearchSchedule paris = new SearchSchedule(CronExpression.parse("0 0 2 * * *"),
                java.time.ZoneId.of("Europe/Paris"), DateTimeFormatter.ofPattern("yyyy-MM-dd"),
                SearchDefinition.of("x", RandomSearch::builder, () -> FitArgs.builder().build()), launcher,
                () -> { }, t -> { }, Clock.systemUTC());

        assertThat(paris.runKey(ZonedDateTime.parse("2026-03-01T23:30:00Z"))).isEqualTo("scheduled-2026-03-02");
        assertThat(paris.runKey(ZonedDateTime.parse("2026-03-01T22:30:00Z"))).isEqualTo("scheduled-2026-03-01");
    }

    private static int completedRuns(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                select count(*) from batch_job_execution e
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?
                where e.status = 'COMPLETED'""", Integer.class, SEARCH);
    }
}
