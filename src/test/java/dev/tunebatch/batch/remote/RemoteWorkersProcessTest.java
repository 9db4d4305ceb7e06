package dev.tunebatch.batch.remote;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.OwnedPostgres;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Remote execution with real processes on a real PostgreSQL: a manager JVM ({@code run remote} with
 * {@code tunebatch.engine.execution=remote}) and worker JVMs ({@code worker}), killed, paused and stopped with real
 * signals. Every scenario ends with exactly the search's trials COMPLETED, each once.
 */
@Timeout(240)
class RemoteWorkersProcessTest {

    private static final int TRIALS = 6;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private HikariDataSource db;
    private JdbcTemplate jdbc;
    private String url;
    private String user;
    private String password;
    private final List<ChildJvm.Running> children = new ArrayList<>();

    @BeforeEach
    void database() {
        db = (HikariDataSource) TestDatabase.create("remote");
        jdbc = new JdbcTemplate(db);
        url = db.getJdbcUrl();
        user = db.getUsername();
        password = db.getPassword();
    }

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (ChildJvm.Running child : children) {
            if (child.isAlive()) {
                child.kill();
            }
        }
        db.close();
    }

    private ChildJvm app(String name, String... settings) {
        List<String> args = new ArrayList<>(List.of(settings));
        for (String setting : List.of("--tunebatch.engine.heartbeat-interval=200ms",
                "--tunebatch.engine.worker-timeout=5s", "--child.trials=" + TRIALS, "--child.epochs=3",
                "--child.epoch-ms=300", "--child.log=" + dir.resolve(name + ".log"),
                "--tunebatch.report.dir=" + dir.resolve("reports"))) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            if (args.stream().noneMatch(a -> a.startsWith(key))) {
                args.add(setting);
            }
        }
        return ChildJvm.of(RemoteChildApplication.class)
                .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                .database(url, user, password)
                .output(dir.resolve(name + ".out"))
                .args(args.toArray(String[]::new));
    }

    private ChildJvm.Running worker(String name, String... settings) throws IOException {
        return worker(List.of("worker"), name, settings);
    }

    /** A worker started with {@code command} ({@code worker} and the searches it serves, if named). */
    private ChildJvm.Running worker(List<String> command, String name, String... settings) throws IOException {
        ChildJvm.Running w = app(name, settings).start(command.toArray(String[]::new));
        children.add(w);
        w.awaitOutput("serves [remote]", Duration.ofSeconds(120));
        return w;
    }

    private ChildJvm.Running manager(String name, String... settings) throws IOException {
        List<String> all = new ArrayList<>(List.of("--tunebatch.engine.execution=remote"));
        all.addAll(List.of(settings));
        ChildJvm.Running m = app(name, all.toArray(String[]::new)).start("run", "remote");
        children.add(m);
        return m;
    }

    private void awaitLogLine(String name, String text) {
        ChildJvm.awaitLines(dir.resolve(name + ".log"), Duration.ofSeconds(90),
                lines -> lines.stream().anyMatch(l -> l.contains(text)));
    }

    private List<String> logLines(String name) {
        return ChildJvm.read(dir.resolve(name + ".log")).lines().toList();
    }

    private int completed() {
        return jdbc.queryForObject("select count(*) from tb_trial where search_name = 'remote' and status = "
                + "'COMPLETED'", Integer.class);
    }

    /** Per trial, how many of its step executions ended COMPLETED. */
    private Map<String, Integer> completedStepsPerTrial() {
        Map<String, Integer> steps = new java.util.TreeMap<>();
        jdbc.query("select step_name, count(*) from batch_step_execution where status = 'COMPLETED' "
                + "group by step_name", rs -> {
                    steps.put(rs.getString(1), rs.getInt(2));
                });
        return steps;
    }

    private void assertEveryTrialCompletedOnce() {
        assertThat(completed()).isEqualTo(TRIALS);
        assertThat(jdbc.queryForObject("select count(*) from tb_trial where search_name = 'remote'", Integer.class))
                .isEqualTo(TRIALS);
        assertThat(completedStepsPerTrial()).hasSize(TRIALS).allSatisfy((step, n) -> assertThat(n).isEqualTo(1));
    }

    /** The messages waiting in {@code group} of the channels in PostgreSQL. */
    private int messages(String group) {
        return jdbc.queryForObject("select count(*) from int_channel_message where region = ? and group_key = ?",
                Integer.class, JdbcTrialRequests.REGION, UUIDConverter.getUUID(group).toString());
    }

    private static String pidOf(ChildJvm.Running child) {
        return "pid " + child.process().pid() + " ";
    }

    @Test
    void workersStartedBeforeTheManagerRunEveryTrialOnce() throws Exception {
        ChildJvm.Running a = worker("a");
        ChildJvm.Running b = worker(List.of("worker", "remote"), "b");
        ChildJvm.Running m = manager("m");

        ChildJvm.Result result = m.awaitExit(180);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertEveryTrialCompletedOnce();
        List<String> workersOfTrials = jdbc.queryForList("select distinct worker from tb_trial_dispatch "
                + "where worker is not null", String.class);
        assertThat(workersOfTrials).hasSize(2).allSatisfy(w -> assertThat(w).startsWith("pid "));
        assertThat(ChildJvm.read(dir.resolve("m.log"))).as("no trial ran in the manager").isEmpty();
        assertThat(logLines("a").size() + logLines("b").size()).isEqualTo(TRIALS * 3);
        ChildJvm.Result status = app("status").run(120, "status", "remote");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("Trials per worker: pid (" + a.process().pid() + "|"
                + b.process().pid() + ") on \\S+ \\d, pid (" + a.process().pid() + "|" + b.process().pid()
                + ") on \\S+ \\d\n");
        a.terminate();
        b.terminate();
        assertThat(a.awaitExit(60).exitCode()).as("a worker ends as the JVM does on SIGTERM").isEqualTo(143);
        assertThat(b.awaitExit(60).exitCode()).isEqualTo(143);
    }

    @Test
    void aKilledWorkersTrialIsDispatchedAgainAndResumesFromItsCheckpoint() throws Exception {
        ChildJvm.Running a = worker("a");
        ChildJvm.Running m = manager("m");
        awaitLogLine("a", "epoch 1");
        String trial = trialAt(logLines("a"), "epoch 1");
        a.kill();
        worker("b");

        ChildJvm.Result result = m.awaitExit(180);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertEveryTrialCompletedOnce();
        assertThat(jdbc.queryForList("select step_name from batch_step_execution where exit_code = 'WORKER_LOST'",
                String.class)).containsExactly("trial-" + trial);
        assertThat(logLines("b")).as("trial %s resumed after its checkpointed first epoch", trial)
                .filteredOn(l -> l.contains(" trial " + trial + " "))
                .isNotEmpty()
                .noneMatch(l -> l.endsWith("epoch 0"));
    }

    @Test
    void aPausedWorkerCannotReportItsTrialASecondTime() throws Exception {
        ChildJvm.Running a = worker("a");
        ChildJvm.Running m = manager("m", "--child.parallelism=1");
        awaitLogLine("a", "epoch 0");
        String trial = trialAt(logLines("a"), "epoch 0");
        a.suspend();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("select count(*) from "
                + "batch_step_execution where exit_code = 'WORKER_LOST'", Integer.class) == 1);
        ChildJvm.Running b = worker("b");
        awaitLogLine("b", "trial " + trial + " epoch 2");
        a.resume();

        ChildJvm.Result result = m.awaitExit(180);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        a.awaitOutput("taken over after its heartbeat stopped", Duration.ofSeconds(60));
        assertEveryTrialCompletedOnce();
        assertThat(jdbc.queryForObject("select count(*) from batch_step_execution where step_name = ? and "
                + "status = 'COMPLETED'", Integer.class, "trial-" + trial)).isEqualTo(1);
        b.terminate();
        a.terminate();
    }

    @Test
    void workersStopWhenTheManagerIsKilledAndARerunCompletesTheSearch() throws Exception {
        ChildJvm.Running a = worker("a", "--child.epoch-ms=1000");
        ChildJvm.Running m = manager("m", "--child.epoch-ms=1000");
        awaitLogLine("a", "epoch 0");
        m.kill();
        a.awaitOutput("no longer holds the search", Duration.ofSeconds(60));
        long killed = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
        String killedEnds = TrialRequests.endsOf(killed);
        int dispatched = jdbc.queryForObject("select count(*) from tb_trial_dispatch where job_execution_id = ?",
                Integer.class, killed);
        await("the killed manager's trials, each stopped and its end announced to nobody")
                .atMost(Duration.ofSeconds(60)).until(() -> messages(killedEnds) == dispatched);
        int before = logLines("a").size();

        ChildJvm.Result rerun = manager("m2").awaitExit(180);

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(logLines("a").size()).isGreaterThan(before);
        assertEveryTrialCompletedOnce();
        assertThat(messages(killedEnds)).as("the killed manager's ends, discarded by the rerun").isZero();
    }

    @Test
    void aTrialOfAWorkerStoppedWithSigtermIsDispatchedAgainAtOnce() throws Exception {
        ChildJvm.Running a = worker("a", "--tunebatch.engine.worker-timeout=120s");
        ChildJvm.Running m = manager("m", "--tunebatch.engine.worker-timeout=120s", "--child.parallelism=1");
        awaitLogLine("a", "epoch 0");
        String trial = trialAt(logLines("a"), "epoch 0");
        a.terminate();
        ChildJvm.Result stopped = a.awaitExit(60);
        assertThat(stopped.exitCode()).isEqualTo(143);
        assertThat(stopped.out()).contains("Trial " + trial + " of search 'remote' ended STOPPED on this worker.");
        worker("b", "--tunebatch.engine.worker-timeout=120s");

        ChildJvm.Result result = m.awaitExit(100);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertEveryTrialCompletedOnce();
        assertThat(jdbc.queryForList("select status from batch_step_execution where step_name = ? "
                + "order by step_execution_id", String.class, "trial-" + trial)).containsExactly("STOPPED",
                "COMPLETED");
        assertThat(jdbc.queryForObject("select count(*) from batch_step_execution where exit_code = 'WORKER_LOST'",
                Integer.class)).isZero();
    }

    @Test
    void aWorkerThatDefinesTheSearchDifferentlyRefusesItsTrials() throws Exception {
        ChildJvm.Running other = worker("other", "--child.objective=val_other");
        ChildJvm.Running m = manager("m");
        other.awaitOutput("refuses trials of search 'remote'", Duration.ofSeconds(60));
        worker("a");

        ChildJvm.Result result = m.awaitExit(180);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertEveryTrialCompletedOnce();
        assertThat(ChildJvm.read(dir.resolve("other.log"))).isEmpty();
        assertThat(other.out().lines().filter(l -> l.contains("refuses"))).hasSize(1);
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void aPostgresRestartMidSearchIsRiddenOutByTheManagerAndItsWorkers() throws Exception {
        try (OwnedPostgres pg = OwnedPostgres.start(dir)) {
            url = pg.createDatabase("remote_restart");
            user = "postgres";
            password = "";
            jdbc = new JdbcTemplate(pg.dataSource("remote_restart"));
            worker("a");
            ChildJvm.Running m = manager("m");
            awaitLogLine("a", "epoch 0");

            pg.restart();

            ChildJvm.Result result = m.awaitExit(180);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertEveryTrialCompletedOnce();
            assertThat(result.out()).doesNotContain("\tat ");
        }
    }

    /** The trial of the first log line containing {@code text}. */
    private static String trialAt(List<String> lines, String text) {
        String line = lines.stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
        String[] words = line.split(" ");
        return words[3];
    }
}
