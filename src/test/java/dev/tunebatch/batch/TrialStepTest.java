package dev.tunebatch.batch;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trial step's life cycle in the job repository on a real PostgreSQL: one transaction per unit and none besides,
 * the last unit completing the step atomically, rollbacks undone in memory, stops from inside and from outside, and
 * a relaunch continuing the context of an unfinished execution.
 */
@SpringBootTest(classes = EngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
class TrialStepTest {

    private static final HikariDataSource DB = TestDatabase.create("trial_step");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    JobRepository jobRepository;

    @Autowired
    DataSource dataSource;

    @Autowired
    JobOperator jobOperator;

    /** Counts the transactions the step begins (not those it joins). */
    private record CountingTransactions(PlatformTransactionManager delegate, AtomicInteger begun)
            implements PlatformTransactionManager {
        CountingTransactions(DataSource dataSource) {
            this(new DataSourceTransactionManager(dataSource), new AtomicInteger());
        }

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            TransactionStatus status = delegate.getTransaction(definition);
            if (status.isNewTransaction()) {
                begun.incrementAndGet();
            }
            return status;
        }

        @Override
        public void commit(TransactionStatus status) {
            delegate.commit(status);
        }

        @Override
        public void rollback(TransactionStatus status) {
            delegate.rollback(status);
        }
    }

    private static StepExecution stepOf(ChunkContext chunk) {
        return chunk.getStepContext().getStepExecution();
    }

    @Test
    void everyUnitIsOneTransactionAndTheLastCompletesTheStep() throws Exception {
        CountingTransactions tx = new CountingTransactions(dataSource);
        AtomicInteger calls = new AtomicInteger();
        Tasklet tasklet = (contribution, chunk) -> {
            int call = calls.incrementAndGet();
            stepOf(chunk).getExecutionContext().putInt("epoch", call);
            contribution.incrementWriteCount(1);
            if (call < 3) {
                return RepeatStatus.CONTINUABLE;
            }
            stepOf(chunk).setExitStatus(new ExitStatus("COMPLETED", "score 0.5"));
            return RepeatStatus.FINISHED;
        };
        JobExecution job = newJobExecution();

        StepExecution done = new TrialStep("trial-7", tasklet, jobRepository, tx).launch(job, true);

        assertThat(tx.begun()).hasValue(3);
        assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> row = storedStep(done.getId());
        assertThat(row.get("status")).isEqualTo("COMPLETED");
        assertThat(row.get("exit_code")).isEqualTo("COMPLETED");
        assertThat((String) row.get("exit_message")).contains("score 0.5");
        assertThat(row.get("start_time")).isNotNull();
        assertThat(row.get("end_time")).isNotNull();
        assertThat(((Number) row.get("commit_count")).intValue()).isEqualTo(3);
        assertThat(((Number) row.get("write_count")).intValue()).isEqualTo(3);
        assertThat(jobRepository.getStepExecution(job.getId(), done.getId()).getExecutionContext().getInt("epoch"))
                .isEqualTo(3);
    }

    @Test
    void aUnitWhoseCommitFailsIsUndoneInMemorySoTheStepEndsFailedNotUnknown() throws Exception {
        CountingTransactions tx = new CountingTransactions(dataSource);
        Tasklet tasklet = (contribution, chunk) -> {
            TransactionSynchronizationManager.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void beforeCommit(boolean readOnly) {
                            throw new IllegalStateException("commit refused");
                        }
                    });
            stepOf(chunk).setExitStatus(new ExitStatus("COMPLETED", "score 1.0"));
            return RepeatStatus.FINISHED;
        };
        JobExecution job = newJobExecution();

        StepExecution failed = new TrialStep("trial-8", tasklet, jobRepository, tx).launch(job, true);

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getExitStatus().getExitCode()).isEqualTo("FAILED");
        assertThat(failed.getExitStatus().getExitDescription()).contains("commit refused");
        Map<String, Object> row = storedStep(failed.getId());
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(((Number) row.get("commit_count")).intValue()).isZero();
        assertThat(((Number) row.get("rollback_count")).intValue()).isEqualTo(1);
    }

    @Test
    void aTaskletThatAsksToStopEndsTheStepStoppedAndInterruptsTheJob() throws Exception {
        Tasklet tasklet = (contribution, chunk) -> {
            stepOf(chunk).setTerminateOnly();
            stepOf(chunk).setExitStatus(ExitStatus.STOPPED.addExitDescription("stopped at an epoch boundary"));
            return RepeatStatus.CONTINUABLE;
        };
        JobExecution job = newJobExecution();
        TrialStep step = new TrialStep("trial-9", tasklet, jobRepository, new CountingTransactions(dataSource));

        assertThatThrownBy(() -> step.launch(job, true)).isInstanceOf(JobInterruptedException.class);

        assertThat(job.getStatus()).isEqualTo(BatchStatus.STOPPING);
        StepExecution stopped = job.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("trial-9")).findFirst().orElseThrow();
        Map<String, Object> row = storedStep(stopped.getId());
        assertThat(row.get("status")).isEqualTo("STOPPED");
        assertThat((String) row.get("exit_message")).contains("stopped at an epoch boundary");
    }

    /** What {@code JobOperator.stop} in another process does: it stops its own copy of the running execution. */
    private void stopFromAnotherProcess(JobExecution running) throws Exception {
        jobOperator.stop(jobRepository.getJobExecution(running.getId()));
    }

    @Test
    void aStopThroughTheJobOperatorStopsTheStepAfterItsCurrentUnit() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        JobExecution job = newJobExecution();
        Tasklet tasklet = (contribution, chunk) -> {
            if (calls.incrementAndGet() == 1) {
                stopFromAnotherProcess(job);
            }
            return RepeatStatus.CONTINUABLE;
        };
        TrialStep step = new TrialStep("trial-10", tasklet, jobRepository, new CountingTransactions(dataSource));

        assertThatThrownBy(() -> step.launch(job, true)).isInstanceOf(JobInterruptedException.class);

        assertThat(calls).hasValue(1);
        StepExecution stopped = job.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("trial-10")).findFirst().orElseThrow();
        assertThat(storedStep(stopped.getId()).get("status")).isEqualTo("STOPPED");
        assertThat(TrialStep.jobStopping(job)).isTrue();
    }

    @Test
    void aStopArrivingWithTheLastUnitKeepsTheStepCompletedAndStopsTheJob() throws Exception {
        JobExecution job = newJobExecution();
        Tasklet tasklet = (contribution, chunk) -> {
            stopFromAnotherProcess(job);
            stepOf(chunk).setExitStatus(new ExitStatus("COMPLETED", "score 2.0"));
            return RepeatStatus.FINISHED;
        };

        StepExecution done = new TrialStep("trial-13", tasklet, jobRepository, new CountingTransactions(dataSource))
                .launch(job, true);

        assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(storedStep(done.getId()).get("status")).isEqualTo("COMPLETED");
        assertThat(job.getStatus()).isEqualTo(BatchStatus.STOPPING);
        assertThatThrownBy(() -> new TrialStep("trial-14", tasklet, jobRepository,
                new CountingTransactions(dataSource)).launch(job, true)).isInstanceOf(JobInterruptedException.class);
    }

    @Test
    void aRelaunchInALaterExecutionContinuesTheContextOfTheUnfinishedOne() throws Exception {
        JobExecution first = newJobExecution();
        AtomicInteger calls = new AtomicInteger();
        Tasklet failing = (contribution, chunk) -> {
            if (calls.incrementAndGet() == 1) {
                stepOf(chunk).getExecutionContext().putInt("epoch", 4);
                return RepeatStatus.CONTINUABLE;
            }
            throw new IllegalStateException("killed mid-trial");
        };
        StepExecution interrupted = new TrialStep("trial-11", failing, jobRepository,
                new CountingTransactions(dataSource)).launch(first, true);
        assertThat(interrupted.getStatus()).isEqualTo(BatchStatus.FAILED);
        first.setStatus(BatchStatus.FAILED);
        first.setEndTime(LocalDateTime.now());
        jobRepository.update(first);
        JobExecution second = jobRepository.createJobExecution(first.getJobInstance(), first.getJobParameters(),
                new ExecutionContext());

        AtomicInteger seenEpoch = new AtomicInteger(-1);
        Tasklet resuming = (contribution, chunk) -> {
            seenEpoch.set(stepOf(chunk).getExecutionContext().getInt("epoch", -1));
            return RepeatStatus.FINISHED;
        };
        StepExecution resumed = new TrialStep("trial-11", resuming, jobRepository,
                new CountingTransactions(dataSource)).launch(second, false);

        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(seenEpoch).hasValue(4);
        assertThat(resumed.getId()).isNotEqualTo(interrupted.getId());
    }

    @Test
    void aSecondLaunchInTheSameExecutionStartsAfresh() throws Exception {
        JobExecution job = newJobExecution();
        Tasklet first = (contribution, chunk) -> {
            stepOf(chunk).getExecutionContext().putInt("epoch", 2);
            throw new IllegalStateException("invalid trial, retried");
        };
        new TrialStep("trial-12", first, jobRepository, new CountingTransactions(dataSource)).launch(job, true);

        AtomicInteger seenEpoch = new AtomicInteger(99);
        Tasklet retry = (contribution, chunk) -> {
            seenEpoch.set(stepOf(chunk).getExecutionContext().getInt("epoch", -1));
            return RepeatStatus.FINISHED;
        };
        StepExecution again = new TrialStep("trial-12", retry, jobRepository, new CountingTransactions(dataSource))
                .launch(job, false);

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(seenEpoch).hasValue(-1);
    }

    private JobExecution newJobExecution() {
        JobParameters params = new JobParametersBuilder().addString("case", UUID.randomUUID().toString(), true)
                .toJobParameters();
        JobInstance instance = jobRepository.createJobInstance("trial-step-test", params);
        return jobRepository.createJobExecution(instance, params, new ExecutionContext());
    }

    private Map<String, Object> storedStep(long id) {
        return new JdbcTemplate(dataSource).queryForMap("""
                select s.status, s.exit_code, s.exit_message, s.start_time, s.end_time, s.commit_count,
                       s.write_count, s.rollback_count
                from batch_step_execution s where s.step_execution_id = ?""", id);
    }
}
