package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.store.TrialStore;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.ScriptedProgram;
import dev.tunebatch.testing.SearchClaims;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine in process, on a real PostgreSQL: steps per trial, retries, failures, parallelism, runs, claims. */
@SpringBootTest(classes = EngineTestApplication.class, properties = {"tunebatch.cli.enabled=false",
        "spring.datasource.hikari.connection-timeout=1500", "spring.datasource.hikari.validation-timeout=1000",
        "tunebatch.engine.database-outage-tolerance=3s"})
class BatchEngineTest {

    private static final HikariDataSource DB = TestDatabase.create("engine");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    SearchLauncher launcher;

    @Autowired
    DataSource dataSource;

    @Autowired
    JobOperator jobOperator;

    @Autowired
    JobRepository jobRepository;

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static SearchDefinition search(String name, int maxTrials, FakeProgram.EpochMetrics metrics) {
        return SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> {
                            double x = hp.floatParam("x", 0, 1);
                            return new FakeProgram(epoch -> {
                                Map<String, Double> m = metrics.at(epoch);
                                return m.isEmpty() ? Map.of("val_reward", x) : m;
                            });
                        })
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(maxTrials).seed(9),
                () -> FitArgs.builder().epochs(2).build());
    }

    private List<Map<String, Object>> steps(String search) {
        return jdbc().queryForList("""
                select s.step_name, s.status from batch_step_execution s
                join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?
                order by s.step_execution_id""", search);
    }

    private Map<String, Integer> trialStatuses(String search) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        jdbc().query("select status, count(*) from tb_trial where search_name = ? group by status",
                rs -> {
                    m.put(rs.getString(1), rs.getInt(2));
                }, search);
        return m;
    }

    @Test
    void everyTrialRunsAsItsOwnStepAndAFinishedSearchIsNotRunAgain() {
        String name = unique("steps");
        LaunchOutcome outcome = launcher.run(search(name, 5, e -> Map.of()), null);
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 5));
        assertThat(steps(name)).extracting(r -> r.get("step_name"))
                .containsExactly("trial-0", "trial-1", "trial-2", "trial-3", "trial-4");
        assertThat(steps(name)).allMatch(r -> r.get("status").equals("COMPLETED"));

        LaunchOutcome again = launcher.run(search(name, 5, e -> Map.of()), null);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(again.message()).contains("already finished");
        assertThat(steps(name)).hasSize(5);
    }

    @Test
    void failingTrialsAreRetriedThenFailTheJobAndARerunAfterTheFixContinues() {
        String name = unique("failing");
        AtomicBoolean broken = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        SearchDefinition def = SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> {
                            double x = hp.floatParam("x", 0, 1);
                            return new FakeProgram(epoch -> {
                                if (broken.get()) {
                                    attempts.incrementAndGet();
                                    throw new IllegalStateException("endpoint down");
                                }
                                return Map.of("val_reward", x);
                            });
                        })
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(6).seed(4)
                        .maxRetriesPerTrial(1),
                () -> FitArgs.builder().epochs(1).build());
        LaunchOutcome failed = launcher.run(def, null);
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.message()).contains("Number of consecutive failures exceeded the limit of 3.");
        assertThat(attempts).hasValue(6);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("FAILED", 3));

        broken.set(false);
        LaunchOutcome resumed = launcher.run(def, null);
        assertThat(resumed.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 3), Map.entry("FAILED", 3));
    }

    @Test
    void parallelTrialsNeverShareATrial() {
        String name = unique("parallel");
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        SearchDefinition def = search(name, 12, epoch -> {
            int now = concurrent.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            Thread.sleep(60);
            concurrent.decrementAndGet();
            return Map.of();
        }).withParallelism(4);
        assertThat(launcher.run(def, null).exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 12));
        List<Object> stepNames = steps(name).stream().map(r -> r.get("step_name")).toList();
        assertThat(stepNames).hasSize(12).doesNotHaveDuplicates();
        assertThat(peak.get()).isGreaterThan(1);
    }

    @Test
    void eachRunKeyAddsItsTrialsAndRetriesOfOneRunRestartTheSameInstance() {
        String name = unique("nightly");
        SearchDefinition def = search(name, 100, e -> Map.of()).withTrialsPerRun(3);
        assertThat(launcher.run(def, "night-1").exitCode()).isZero();
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 3));
        assertThat(launcher.run(def, "night-1").message()).contains("already finished");
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 3));
        assertThat(launcher.run(def, "night-2").exitCode()).isZero();
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 6));
        assertThat(jdbc().queryForObject("""
                select count(distinct i.job_instance_id) from batch_job_instance i
                join batch_job_execution e on e.job_instance_id = i.job_instance_id
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?""", Integer.class, name))
                .isEqualTo(2);
    }

    @Test
    void aSearchClaimedByAnotherLiveProcessIsRefusedAndNothingChanges() {
        String name = unique("busy");
        JdbcTrialStore other = new JdbcTrialStore(DB, name);
        try (TrialStore.Ownership ignored = other.claim("pid 999 on elsewhere")) {
            LaunchOutcome outcome = launcher.run(search(name, 3, e -> Map.of()), null);
            assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BUSY);
            assertThat(outcome.message()).contains("pid 999 on elsewhere").doesNotContain("\n");
        }
        assertThat(steps(name)).isEmpty();
        assertThat(trialStatuses(name)).isEmpty();
    }

    @Test
    void aStopThroughTheJobOperatorOfAnotherProcessEndsTheSearchStoppedAndARerunFinishesIt() {
        String name = unique("opstop");
        AtomicInteger epochs = new AtomicInteger();
        SearchDefinition def = search(name, 30, epoch -> {
            if (epochs.incrementAndGet() == 7) {
                Long running = jdbc().queryForObject("""
                        select e.job_execution_id from batch_job_execution e
                        join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                             and p.parameter_name = 'search' and p.parameter_value = ?
                        where e.status = 'STARTED'""", Long.class, name);
                try {
                    jobOperator.stop(jobRepository.getJobExecution(running));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return Map.of();
        });

        LaunchOutcome stopped = launcher.run(def, null);

        assertThat(stopped.status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(stopped.exitCode()).isEqualTo(ExitCodes.STOPPED);
        assertThat(trialStatuses(name).getOrDefault("COMPLETED", 0)).isBetween(2, 5);

        LaunchOutcome resumed = launcher.run(def, null);
        assertThat(resumed.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 30));
    }

    @Test
    void aClaimLostWithItsDatabaseSessionIsTakenAgainAndTheRunGoesOn() {
        String name = unique("reclaim");
        AtomicInteger epochs = new AtomicInteger();
        AtomicReference<Integer> killed = new AtomicReference<>();
        AtomicReference<Integer> holderLater = new AtomicReference<>();
        SearchDefinition def = search(name, 12, epoch -> {
            int n = epochs.incrementAndGet();
            if (n == 3) {
                killed.set(SearchClaims.holder(DB, name));
                SearchClaims.terminate(DB, killed.get());
            }
            if (n == 20) {
                holderLater.set(SearchClaims.holder(DB, name));
            }
            ScriptedProgram.pause(100);
            return Map.of();
        });

        LaunchOutcome outcome = launcher.run(def, null);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 12));
        assertThat(killed.get()).isNotNull();
        assertThat(holderLater.get()).as("the claim is held again, by a new session").isNotNull()
                .isNotEqualTo(killed.get());
    }

    @Test
    void aRunWhoseClaimAnotherProcessTookStopsAndSaysSo() throws Exception {
        String name = unique("takeover");
        AtomicInteger epochs = new AtomicInteger();
        AtomicBoolean tookOver = new AtomicBoolean();
        try (Connection other = DB.getConnection()) {
            SearchDefinition def = search(name, 40, epoch -> {
                if (epochs.incrementAndGet() == 3) {
                    tookOver.set(SearchClaims.takeOver(DB, name, other));
                }
                ScriptedProgram.pause(100);
                return Map.of();
            });

            LaunchOutcome outcome = launcher.run(def, null);

            assertThat(tookOver).as("the other process took the claim").isTrue();
            assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BUSY);
            assertThat(outcome.status()).isEqualTo(BatchStatus.STOPPED);
            assertThat(outcome.message()).contains("taken over by another process");
            assertThat(trialStatuses(name).getOrDefault("COMPLETED", 0)).isLessThan(40);
            other.createStatement().execute("select pg_advisory_unlock_all()");
        }

        LaunchOutcome resumed = launcher.run(search(name, 40, epoch -> Map.of()), null);
        assertThat(resumed.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 40));
    }

    @Test
    void aLostDatabaseFailsTheLaunchCleanlyAndARerunResumes() throws Exception {
        String name = unique("dbloss");
        String database = new JdbcTemplate(DB).queryForObject("select current_database()", String.class);
        AtomicInteger epochs = new AtomicInteger();
        SearchDefinition def = search(name, 4, epoch -> {
            if (epochs.incrementAndGet() == 3) {
                try (var admin = java.sql.DriverManager.getConnection(TestDatabase.server().url(),
                        TestDatabase.server().user(), TestDatabase.server().password());
                     var st = admin.createStatement()) {
                    st.execute("alter database " + database + " with allow_connections false");
                    st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                            + database + "'");
                }
            }
            return Map.of();
        });
        LaunchOutcome first = launcher.run(def, null);
        assertThat(first.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(first.message()).contains("run the same command again").doesNotContain("\n");
        try (var admin = java.sql.DriverManager.getConnection(TestDatabase.server().url(),
                TestDatabase.server().user(), TestDatabase.server().password());
             var st = admin.createStatement()) {
            st.execute("alter database " + database + " with allow_connections true");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> jdbc().queryForObject("select 1", Integer.class) == 1);
        Map<String, Integer> before = trialStatuses(name);
        assertThat(before).containsKey("COMPLETED").doesNotContainKey("FAILED");

        LaunchOutcome second = launcher.run(def, null);
        assertThat(second.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 4));
    }
}
