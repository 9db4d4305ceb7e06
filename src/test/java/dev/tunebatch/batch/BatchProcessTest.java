package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.ExitCodes;
import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine as users run it, in child JVMs on a real PostgreSQL: killed with SIGKILL at several points and run
 * again, stopped with SIGTERM and resumed, and launched twice at once.
 */
class BatchProcessTest {

    @TempDir
    static Path dir;

    private static HikariDataSource db;
    private static JdbcTemplate jdbc;
    private static Map<String, Object> reference;

    @BeforeAll
    static void uninterruptedReference() throws Exception {
        db = TestDatabase.create("process");
        jdbc = new JdbcTemplate(db);
        ChildJvm.Running p = child("reference", "none", dir.resolve("reference.log"), 0, "run", "reference");
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        reference = summary("reference");
        assertThat(reference).hasSize(5);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({
            "begin:1:0,  0",
            "begin:2:2,  2",
            "end:3:1,    1",
            "report:4,   ",
    })
    void aKilledSearchResumesWhereItLeftOff(String killPoint, Integer resumedEpoch) throws Exception {
        String search = "kill-" + killPoint.replace(':', '-');
        Path log = dir.resolve(search + ".log");
        String childKill = killPoint;
        if (killPoint.startsWith("report:")) {
            childKill = "none";
            installReportBlocker(search, Integer.parseInt(killPoint.substring(7)) - 1);
        }
        ChildJvm.Running p = child(search, childKill, log, 0, "run", search);
        try {
            if (killPoint.startsWith("report:")) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                        jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event = 'PgSleep' "
                                + "and query like '%tb_trial%'", Integer.class) > 0);
            } else {
                ChildJvm.awaitText(log, Duration.ofSeconds(120), "READY");
            }
        } finally {
            p.kill();
        }
        jdbc.execute("drop trigger if exists block_report on tb_trial");
        jdbc.queryForList("select pg_terminate_backend(pid) from pg_stat_activity where wait_event = 'PgSleep'");
        List<String> first = Files.readAllLines(log);
        String interrupted = first.stream().filter(l -> l.startsWith("fit ")).reduce((a, b) -> b)
                .map(l -> l.split(" ")[1]).orElseThrow();
        Files.delete(log);

        ChildJvm.Running again = child(search, "none", log, 0, "run", search);
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        List<String> second = Files.readAllLines(log);

        assertThat(summary(search)).isEqualTo(reference);
        List<String> resumed = second.stream().filter(l -> l.startsWith("epoch-begin " + interrupted + " ")).toList();
        if (resumedEpoch == null) {
            assertThat(resumed).as("a trial killed while reporting is not trained again").isEmpty();
        } else {
            assertThat(resumed).first().isEqualTo("epoch-begin " + interrupted + " " + resumedEpoch);
        }
        long fits = first.stream().filter(l -> l.startsWith("fit ")).count()
                + second.stream().filter(l -> l.startsWith("fit ")).count();
        assertThat(fits).as("every trial fitted once, the interrupted one twice unless it was only reporting")
                .isEqualTo(resumedEpoch == null ? 5 : 6);
    }

    @Test
    void sigtermStopsTheJobAtAnEpochBoundaryAndTheNextRunResumes() throws Exception {
        String search = "sigterm";
        Path log = dir.resolve("sigterm.log");
        ChildJvm.Running p = child(search, "none", log, 400, "run", search);
        ChildJvm.awaitLines(log, Duration.ofSeconds(120), lines -> lines.stream()
                .filter(l -> l.startsWith("fit ")).count() == 2
                && lines.stream().filter(l -> l.startsWith("epoch-begin")).count() >= 6);
        p.terminate();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jdbc.queryForObject("""
                select e.status from batch_job_execution e
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?
                order by e.job_execution_id desc limit 1""", String.class, search)).isEqualTo("STOPPED");
        Integer checkpointEpoch = jdbc.queryForObject("""
                select c.epoch from tb_checkpoint c join tb_trial t using (search_name, trial_id)
                where c.search_name = ? and t.status = 'RUNNING'""", Integer.class, search);
        String stoppedTrial = Files.readAllLines(log).stream().filter(l -> l.startsWith("fit ")).reduce((a, b) -> b)
                .map(l -> l.split(" ")[1]).orElseThrow();
        Files.delete(log);

        ChildJvm.Running again = child(search, "none", log, 0, "run", search);
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        assertThat(Files.readAllLines(log)).contains("fit " + stoppedTrial + " " + (checkpointEpoch + 1));
        assertThat(summary(search)).isEqualTo(reference);
    }

    @Test
    void twoLaunchersAtOnceRunTheSearchOnlyOnce() throws Exception {
        String search = "twice";
        Path log = dir.resolve("twice.log");
        ChildJvm.Running first = child(search, "none", log, 5000, "run", search);
        try {
            ChildJvm.awaitText(log, Duration.ofSeconds(120), "epoch-begin");
            Path out = dir.resolve("second.out");
            ChildJvm.Running second = child(search, "none", dir.resolve("second.log"), 0, out, "run", search);
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as("exit code; output was:%n%s", Files.readString(out))
                    .isEqualTo(ExitCodes.BUSY);
            assertThat(Files.readString(out)).contains("Another live process is running");
            assertThat(dir.resolve("second.log")).doesNotExist();
            assertThat(jdbc.queryForObject("""
                    select count(*) from batch_job_execution e
                    join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                         and p.parameter_name = 'search' and p.parameter_value = ?""", Integer.class, search))
                    .isEqualTo(1);
        } finally {
            first.kill();
        }
    }

    /** Makes the report of the trial with creation index {@code index} sleep inside its transaction. */
    private static void installReportBlocker(String search, int index) {
        jdbc.execute("""
                create or replace function block_report() returns trigger as $$
                begin
                  if new.search_name = '%s' and new.status = 'COMPLETED' and old.status = 'RUNNING'
                     and new.trial_id = '%d' then
                    perform pg_sleep(120);
                  end if;
                  return new;
                end $$ language plpgsql""".formatted(search, index));
        jdbc.execute("drop trigger if exists block_report on tb_trial");
        jdbc.execute("create trigger block_report before update on tb_trial for each row execute function "
                + "block_report()");
    }

    /** Per trial id: status, values and score. */
    private static Map<String, Object> summary(String search) {
        Map<String, Object> out = new LinkedHashMap<>();
        jdbc.query("select trial_id, status, score, document->'hyperparameters'->'values' from tb_trial "
                + "where search_name = ? order by trial_id", rs -> {
            out.put(rs.getString(1), List.of(rs.getString(2), rs.getDouble(3), rs.getString(4)));
        }, search);
        return out;
    }

    private static ChildJvm.Running child(String search, String kill, Path log, long epochSleep,
                                          String... command) throws IOException {
        return child(search, kill, log, epochSleep, dir.resolve(search + "-" + System.nanoTime() + ".out"), command);
    }

    private static ChildJvm.Running child(String search, String kill, Path log, long epochSleep, Path out,
                                          String... command) throws IOException {
        return BatchChildApplication.child(db.getJdbcUrl(), db.getUsername(), db.getPassword(), search, kill, log,
                epochSleep, command).output(out).start();
    }
}
