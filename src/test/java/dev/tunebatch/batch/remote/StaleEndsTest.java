package dev.tunebatch.batch.remote;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.EngineTestApplication;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ends groups a manager leaves in {@code int_channel_message}, on a real PostgreSQL: a manager's first trial
 * discards those of its search's job executions that no longer run (ended, recovered after a kill, or gone from the
 * job repository) and keeps those of running ones; closing it discards its own.
 */
@SpringBootTest(classes = EngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
class StaleEndsTest {

    private static final HikariDataSource DB = TestDatabase.create("stale_ends");
    private static final String SEARCH = "ends-search";
    private static final long GONE = 987_654_321L;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    JobRepository jobRepository;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    private JdbcTrialRequests requests;
    private JdbcTemplate jdbc;

    @BeforeEach
    void channels() {
        requests = new JdbcTrialRequests(dataSource, null, null, null);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void closeChannels() {
        requests.close();
    }

    @Test
    void startingDiscardsTheEndsOfExecutionsNoLongerRunningAndClosingDiscardsItsOwn() {
        long current = execution(BatchStatus.STARTED);
        long running = execution(BatchStatus.STARTED);
        long stopping = execution(BatchStatus.STOPPING);
        long completed = execution(BatchStatus.COMPLETED);
        long recovered = execution(BatchStatus.FAILED);
        for (long id : new long[] {current, running, stopping, completed, recovered, GONE}) {
            dispatched(id);
            requests.send(TrialRequests.endsOf(id), 1L);
            requests.send(TrialRequests.endsOf(id), 2L);
        }
        requests.send(TrialRequests.requestsOf(SEARCH), new StepExecutionRequest("trial-0", 1L));
        long lastMonth = execution(BatchStatus.COMPLETED);
        dispatched(lastMonth);
        jdbc.update("update tb_trial_dispatch set dispatched_at = now() - interval '30 days' where job_execution_id = ?",
                lastMonth);
        requests.send(TrialRequests.endsOf(lastMonth), 3L);

        RemoteTrialSteps manager = new RemoteTrialSteps(jobRepository, dataSource, transactionManager, requests,
                Duration.ofSeconds(60));
        manager.begin(current, SEARCH);

        assertThat(rows(TrialRequests.endsOf(completed))).isZero();
        assertThat(rows(TrialRequests.endsOf(recovered))).isZero();
        assertThat(rows(TrialRequests.endsOf(GONE))).isZero();
        assertThat(rows(TrialRequests.endsOf(running))).isEqualTo(2);
        assertThat(rows(TrialRequests.endsOf(stopping))).isEqualTo(2);
        assertThat(rows(TrialRequests.endsOf(current))).isEqualTo(2);
        assertThat(rows(TrialRequests.requestsOf(SEARCH))).isEqualTo(1);
        assertThat(rows(TrialRequests.endsOf(lastMonth))).as("only the last week's runs are looked at").isEqualTo(1);

        manager.close();

        assertThat(rows(TrialRequests.endsOf(current))).isZero();
        assertThat(rows(TrialRequests.endsOf(running))).isEqualTo(2);
        assertThat(rows(TrialRequests.endsOf(stopping))).isEqualTo(2);
        assertThat(rows(TrialRequests.requestsOf(SEARCH))).isEqualTo(1);
    }

    @Test
    void discardDeletesOnlyItsGroupsRows() {
        String discarded = TrialRequests.endsOf(GONE + 1);
        String kept = TrialRequests.endsOf(GONE + 2);
        requests.send(discarded, 5L);
        requests.send(discarded, 6L);
        requests.send(kept, 7L);

        requests.discard(discarded);

        assertThat(rows(discarded)).isZero();
        assertThat(rows(kept)).isEqualTo(1);
        assertThat(requests.poll(kept).getPayload()).isEqualTo(7L);
    }

    /** A job execution of the search's job with {@code status}. */
    private long execution(BatchStatus status) {
        JobParameters params = new JobParametersBuilder().addString("case", UUID.randomUUID().toString(), true)
                .toJobParameters();
        JobInstance instance = jobRepository.createJobInstance("stale-ends-test", params);
        JobExecution execution = jobRepository.createJobExecution(instance, params, new ExecutionContext());
        execution.setStatus(status);
        execution.setStartTime(LocalDateTime.now());
        if (status == BatchStatus.COMPLETED || status == BatchStatus.FAILED) {
            execution.setEndTime(LocalDateTime.now());
        }
        jobRepository.update(execution);
        return execution.getId();
    }

    /** A trial of the search dispatched by job execution {@code id} (whose ends group a worker may have written). */
    private void dispatched(long id) {
        jdbc.update("insert into tb_trial_dispatch (step_execution_id, job_execution_id, search_name, trial_id) "
                + "values (?, ?, ?, ?)", id * 10, id, SEARCH, "t" + id);
    }

    private int rows(String group) {
        return jdbc.queryForObject("select count(*) from int_channel_message where region = ? and group_key = ?",
                Integer.class, JdbcTrialRequests.REGION, UUIDConverter.getUUID(group).toString());
    }
}
