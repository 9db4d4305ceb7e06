package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.OwnedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine under database faults, as an operator meets them: a PostgreSQL server this test owns is restarted, or
 * stopped for a while, under a search running in a child JVM. Within the outage tolerance the run rides it out and
 * finishes; beyond it the run exits 69 with one line; a rerun always completes with exactly the trials of an
 * uninterrupted run, completed ones unchanged. A search stranded by an older version (a FAILED job execution with a
 * step left STARTED) is recovered by the next run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultProcessTest {

    private static final long EPOCH_SLEEP_MS = 300;

    @TempDir
    static Path dir;

    private static OwnedPostgres pg;
    private static Map<String, Object> reference;

    @BeforeAll
    static void uninterruptedReference() throws Exception {
        pg = OwnedPostgres.start(dir);
        Run run = run("reference", 0);
        assertThat(run.exit()).as(run.out()).isZero();
        reference = summary("reference");
        assertThat(reference).hasSize(5);
    }

    @AfterAll
    static void close() {
        pg.close();
    }

    @Test
    @Order(1)
    void aRestartMidEpochIsRiddenOut() throws Exception {
        Child child = Child.start("restart", EPOCH_SLEEP_MS);
        child.awaitFits(2);
        pg.restart();
        Run run = child.awaitExit();
        assertThat(run.exit()).as(run.out()).isZero();
        assertCompletedAsReference("restart", run);
        assertThat(run.out()).contains("PostgreSQL is unreachable");
    }

    @Test
    @Order(2)
    void aRestartDuringAReportIsRiddenOut() throws Exception {
        String search = "report";
        String url = pg.createDatabase(search);
        JdbcTemplate jdbc = new JdbcTemplate(pg.dataSource(search));
        jdbc.execute("create sequence report_blocker");
        jdbc.execute("""
                create function block_report() returns trigger as $$
                begin
                  if new.status = 'COMPLETED' and old.status = 'RUNNING' and new.trial_id = '2'
                     and nextval('report_blocker') = 1 then
                    perform pg_sleep(120);
                  end if;
                  return new;
                end $$ language plpgsql""");
        jdbc.execute("create trigger block_report before update on tb_trial for each row execute function "
                + "block_report()");
        Child child = Child.start(search, url, 0);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event = 'PgSleep'",
                        Integer.class) > 0);
        pg.restart();
        Run run = child.awaitExit();
        assertThat(run.exit()).as(run.out()).isZero();
        assertCompletedAsReference(search, run);
        assertThat(jdbc.queryForObject("select nextval('report_blocker')", Long.class))
                .as("the report was blocked once, and the retried report went through the trigger").isGreaterThanOrEqualTo(3L);
    }

    @Test
    @Order(3)
    void aTwentySecondStopIsRiddenOut() throws Exception {
        Child child = Child.start("stop20", EPOCH_SLEEP_MS);
        child.awaitFits(2);
        pg.stop();
        Thread.sleep(20_000);
        pg.start();
        Run run = child.awaitExit();
        assertThat(run.exit()).as(run.out()).isZero();
        assertCompletedAsReference("stop20", run);
    }

    @Test
    @Order(4)
    void aStopLongerThanThePoolsWaitIsRiddenOut() throws Exception {
        Child child = Child.start("poolwait", EPOCH_SLEEP_MS, "--spring.datasource.hikari.connection-timeout=1500");
        child.awaitFits(3);
        pg.stop();
        Thread.sleep(7_000);
        pg.start();
        Run run = child.awaitExit();
        assertThat(run.exit()).as(run.out()).isZero();
        assertCompletedAsReference("poolwait", run);
    }

    @Test
    @Order(5)
    void anOutageLongerThanTheToleranceExits69WithOneLineAndARerunCompletes() throws Exception {
        Child child = Child.start("beyond", EPOCH_SLEEP_MS, "--tunebatch.engine.database-outage-tolerance=3s",
                "--spring.datasource.hikari.connection-timeout=1000");
        child.awaitFits(2);
        pg.stop();
        Run run;
        try {
            run = child.awaitExit();
        } finally {
            pg.start();
        }
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertNoStackTrace(run);
        assertThat(run.out().lines().filter(l -> l.contains("lost its database")).toList()).singleElement()
                .asString().contains("Search 'beyond' lost its database: PostgreSQL", "Nothing stored was lost",
                        "run the same command again");

        Run again = Child.start("beyond", dbUrl("beyond"), 0).awaitExit();
        assertThat(again.exit()).as(again.out()).isZero();
        assertCompletedAsReference("beyond", again);
    }

    @Test
    @Order(6)
    void aSearchStrandedByAnOlderVersionIsRecovered() throws Exception {
        // slow epochs: the search must still be running when the kill comes, however loaded the machine
        Child child = Child.start("stranded", 2_000);
        child.awaitFits(3);
        child.kill();
        JdbcTemplate jdbc = new JdbcTemplate(pg.dataSource("stranded"));
        // what an older version left after a database restart: the job FAILED, the trial's step still STARTED
        assertThat(jdbc.update("update batch_job_execution set status = 'FAILED', exit_code = 'FAILED', "
                + "end_time = now() where status = 'STARTED'")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from batch_step_execution where status = 'STARTED'",
                Integer.class)).isEqualTo(1);

        Run again = Child.start("stranded", dbUrl("stranded"), 0).awaitExit();
        assertThat(again.exit()).as(again.out()).isZero();
        assertCompletedAsReference("stranded", again);
        assertThat(jdbc.queryForObject("select count(*) from batch_step_execution where status in "
                + "('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')", Integer.class)).isZero();
    }

    private static void assertCompletedAsReference(String search, Run run) throws Exception {
        assertNoStackTrace(run);
        assertThat(summary(search)).as("trials of '%s'", search).isEqualTo(reference);
        JdbcTemplate jdbc = new JdbcTemplate(pg.dataSource(search));
        assertThat(jdbc.queryForList("select status from batch_job_execution order by job_execution_id desc limit 1",
                String.class)).containsExactly("COMPLETED");
        assertThat(jdbc.queryForObject("select count(*) from batch_step_execution where status in "
                + "('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')", Integer.class)).isZero();
        Run second = Child.start(search, dbUrl(search), 0).awaitExit();
        assertThat(second.exit()).as(second.out()).isZero();
        assertThat(second.out()).contains("already finished");
        assertThat(summary(search)).isEqualTo(reference);
    }

    private static void assertNoStackTrace(Run run) {
        assertThat(run.out().lines().filter(l -> l.startsWith("\tat ") || l.contains("Caused by:")
                || l.contains("Exception in thread")).toList()).as(run.out()).isEmpty();
    }

    /** Per trial id: status, score and values. */
    private static Map<String, Object> summary(String search) {
        Map<String, Object> out = new LinkedHashMap<>();
        new JdbcTemplate(pg.dataSource(search)).query("select trial_id, status, score, "
                + "document->'hyperparameters'->'values' from tb_trial where search_name = ? order by trial_id", rs -> {
            out.put(rs.getString(1), List.of(rs.getString(2), rs.getDouble(3), rs.getString(4)));
        }, search);
        return out;
    }

    private static String dbUrl(String search) {
        return pg.url(search);
    }

    private static Run run(String search, long epochSleep) throws Exception {
        return Child.start(search, pg.createDatabase(search), epochSleep).awaitExit();
    }

    /** What a child run printed and how it exited. */
    record Run(int exit, String out) {
    }

    /** The real application in a child JVM, running one search of {@link BatchChildApplication}. */
    record Child(ChildJvm.Running process, Path log) {

        static Child start(String search, long epochSleep, String... options) throws IOException {
            return start(search, pg.createDatabase(search), epochSleep, options);
        }

        static Child start(String search, String url, long epochSleep, String... options) throws IOException {
            Path log = dir.resolve(search + "-" + System.nanoTime() + ".log");
            Path out = dir.resolve(search + "-" + System.nanoTime() + ".out");
            ChildJvm.Running p = BatchChildApplication.child(url, "postgres", "", search, "none", log, epochSleep,
                    "run", search).args(options).output(out).start();
            return new Child(p, log);
        }

        void awaitFits(int n) {
            ChildJvm.awaitLines(log, Duration.ofSeconds(120), lines -> lines.stream()
                    .filter(l -> l.startsWith("fit ")).count() >= n
                    && lines.stream().filter(l -> l.startsWith("epoch-begin")).count() >= 4L * (n - 1) + 2);
        }

        Run awaitExit() throws Exception {
            ChildJvm.Result result = process.awaitExit(240);
            return new Run(result.exitCode(), result.out());
        }

        void kill() throws InterruptedException {
            process.kill();
        }
    }
}
