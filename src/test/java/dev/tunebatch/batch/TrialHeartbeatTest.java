package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.launch.SearchLauncher;
import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running trial commits when an epoch ends and otherwise only a heartbeat per interval, not a unit per poll; a stop
 * requested through the job repository still ends the step without waiting for a heartbeat.
 */
@SpringBootTest(classes = EngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
class TrialHeartbeatTest {

    private static final HikariDataSource DB = TestDatabase.create("heartbeat");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    DataSource dataSource;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    JobOperator jobOperator;
    @Autowired
    PlatformTransactionManager transactionManager;

    private SearchLauncher launcher(Duration heartbeat) {
        return new SearchLauncher(jobRepository, jobOperator, dataSource, transactionManager, List.of(),
                new EngineSettings(heartbeat, Duration.ofSeconds(5)));
    }

    private static SearchDefinition search(String name, int epochs, FakeProgram.EpochMetrics metrics) {
        return SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> {
                            double x = hp.floatParam("x", 0, 1);
                            return new FakeProgram(epoch -> {
                                metrics.at(epoch);
                                return Map.of("val_reward", x);
                            });
                        })
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(1).seed(3),
                () -> FitArgs.builder().epochs(epochs).build());
    }

    private List<Map<String, Object>> trialSteps(String search) {
        return new JdbcTemplate(dataSource).queryForList("""
                select s.status, s.commit_count, s.last_updated from batch_step_execution s
                join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?
                order by s.step_execution_id""", search);
    }

    @Test
    void aTrialCommitsOncePerEpochAndOnceForItsReportWhenNoHeartbeatIsDue() {
        String name = "epochs-" + UUID.randomUUID().toString().substring(0, 8);
        LaunchOutcome outcome = launcher(Duration.ofMinutes(5)).run(search(name, 3, epoch -> {
            Thread.sleep(1_200);
            return Map.of();
        }), null);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(trialSteps(name)).singleElement().satisfies(step -> {
            assertThat(step.get("status")).isEqualTo("COMPLETED");
            assertThat(((Number) step.get("commit_count")).intValue())
                    .as("three epochs and the report; polling every half second would add about seven")
                    .isEqualTo(4);
        });
    }

    @Test
    void aTrialBusyInALongEpochStillCommitsHeartbeats() {
        String name = "beat-" + UUID.randomUUID().toString().substring(0, 8);
        Set<Timestamp> heartbeats = new HashSet<>();
        LaunchOutcome outcome = launcher(Duration.ofMillis(300)).run(search(name, 1, epoch -> {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                trialSteps(name).stream().map(s -> (Timestamp) s.get("last_updated"))
                        .filter(java.util.Objects::nonNull).forEach(heartbeats::add);
                return heartbeats.size() >= 3;
            });
            return Map.of();
        }), null);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(heartbeats).as("the step's LAST_UPDATED moved while its only epoch ran").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aStopThroughTheJobRepositoryEndsTheStepWithoutWaitingForAHeartbeat() throws Exception {
        String name = "stop-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch release = new CountDownLatch(1);
        SearchLauncher launcher = launcher(Duration.ofMinutes(10));
        CompletableFuture<LaunchOutcome> run = CompletableFuture.supplyAsync(() -> launcher.run(search(name, 3,
                epoch -> {
                    if (epoch == 1) {
                        release.await(120, TimeUnit.SECONDS);
                    }
                    return Map.of();
                }), null));
        try {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            Long execution = await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList("""
                    select e.job_execution_id from batch_job_execution e
                    join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                         and p.parameter_name = 'search' and p.parameter_value = ?
                    join batch_step_execution s on s.job_execution_id = e.job_execution_id and s.status = 'STARTED'
                    where e.status = 'STARTED'""", Long.class, name).stream().findFirst().orElse(null),
                    java.util.Objects::nonNull);
            jobOperator.stop(jobRepository.getJobExecution(execution));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    trialSteps(name).stream().anyMatch(s -> "STOPPED".equals(s.get("status"))));
        } finally {
            release.countDown();
        }
        LaunchOutcome outcome = run.get(60, TimeUnit.SECONDS);
        assertThat(outcome.status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.STOPPED);
    }
}
