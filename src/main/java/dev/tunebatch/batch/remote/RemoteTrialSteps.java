package dev.tunebatch.batch.remote;

import dev.tunebatch.batch.DatabaseOutage;
import dev.tunebatch.batch.ExitDescriptions;
import dev.tunebatch.batch.TrialStep;
import dev.tunebatch.batch.TrialStepRunner;
import dev.tunebatch.oracle.Trial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The manager's side of remote execution: a trial's step execution is created in the job repository here (continuing
 * the context of the trial's last unfinished one) and handed to the workers as a {@link StepExecutionRequest}; the
 * trial's end comes back as the step's stored end, announced by the worker on the job execution's ends channel.
 * While it waits, the manager watches the step: a step a worker took whose stored version has not moved for
 * {@code workerTimeout} (no epoch, no heartbeat) is ended FAILED ({@value #WORKER_LOST}) and the trial dispatched
 * again, as is a trial its worker stopped (SIGTERM) while the search goes on; a stopping manager asks the workers to
 * stop its trials at their next epoch boundary. One instance serves one job execution.
 */
public final class RemoteTrialSteps implements TrialStepRunner, AutoCloseable {

    /** The exit code of a step whose worker stopped heartbeating: its trial was dispatched again. */
    public static final String WORKER_LOST = "WORKER_LOST";

    private static final Logger log = LoggerFactory.getLogger(RemoteTrialSteps.class);
    private static final long LOOK_MILLIS = 1000;
    private static final List<String> UNFINISHED = List.of(BatchStatus.STARTING.name(), BatchStatus.STARTED.name(),
            BatchStatus.STOPPING.name());

    private final JobRepository jobRepository;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final TrialRequests requests;
    private final Duration workerTimeout;
    private final Map<Long, Semaphore> waiting = new ConcurrentHashMap<>();
    private AutoCloseable listening;
    private Long jobExecutionId;

    public RemoteTrialSteps(JobRepository jobRepository, DataSource dataSource,
                            PlatformTransactionManager transactionManager, TrialRequests requests,
                            Duration workerTimeout) {
        this.jobRepository = jobRepository;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = new JdbcTemplate(dataSource);
        this.requests = requests;
        this.workerTimeout = workerTimeout;
    }

    @Override
    public Ran run(Trial trial, TrialJob job) throws JobInterruptedException, JobRestartException {
        JobExecution execution = job.execution();
        begin(execution.getId(), job.search());
        String name = TrialStep.nameOf(trial.id());
        boolean first = job.run().firstLaunch(trial.id());
        while (true) {
            if (TrialStep.jobStopping(execution)) {
                throw new JobInterruptedException("JobExecution interrupted.");
            }
            TrialStep.Created created = TrialStep.createExecution(jobRepository, job.outage(), execution, name, first);
            StepExecution step = created.execution();
            first = false;
            if (step.getStatus() == BatchStatus.ABANDONED) {
                return new Ran(step, null);
            }
            dispatch(step, created.continued(), job, trial);
            Watched ended = await(step, job);
            StepExecution stored = ended.step();
            if (ended.workerLost()) {
                log.warn("Trial {}: its worker stopped heartbeating for {} s; the trial is dispatched again.",
                        trial.id(), workerTimeout.toSeconds());
                continue;
            }
            if (stored.getStatus() == BatchStatus.STOPPED) {
                job.run().session().current(trial.id());
                if (job.run().stopRequested() || TrialStep.jobStopping(execution)
                        || job.run().session().budgetReached()) {
                    execution.setStatus(BatchStatus.STOPPING);
                    throw new JobInterruptedException("Job interrupted by step execution");
                }
                log.info("Trial {} was stopped by its worker (the worker is shutting down); the trial is dispatched "
                        + "again.", trial.id());
                continue;
            }
            return new Ran(stored, null);
        }
    }

    /** Hands {@code step} to the workers: its context, its dispatch row and its request commit together. */
    private void dispatch(StepExecution step, boolean continued, TrialJob job, Trial trial) {
        job.outage().run("dispatch trial " + trial.id(), () -> transactions.executeWithoutResult(tx -> {
            if (continued) {
                jobRepository.updateExecutionContext(step);
            }
            jdbc.update("insert into tb_trial_dispatch (step_execution_id, job_execution_id, search_name, trial_id) "
                    + "values (?, ?, ?, ?) on conflict (step_execution_id) do nothing", step.getId(),
                    step.getJobExecutionId(), job.search(), trial.id());
            requests.send(TrialRequests.requestsOf(job.search()),
                    new StepExecutionRequest(step.getStepName(), step.getId()));
        }));
    }

    /** A step's end as the manager saw it. */
    private record Watched(StepExecution step, boolean workerLost) {
    }

    /**
     * Waits until the step's stored status is final, or ends it FAILED when the worker that took it stopped saving
     * it for {@code workerTimeout}.
     */
    private Watched await(StepExecution step, TrialJob job) {
        Semaphore ended = new Semaphore(0);
        waiting.put(step.getId(), ended);
        try {
            Integer lastVersion = null;
            long lastMove = System.nanoTime();
            boolean stopAsked = false;
            while (true) {
                ended.tryAcquire(LOOK_MILLIS, TimeUnit.MILLISECONDS);
                Observed now = job.outage().call("look at step " + step.getStepName(), () -> observe(step.getId()));
                if (now.finished()) {
                    return new Watched(now.appliedTo(step), false);
                }
                if (!stopAsked && (job.run().stopRequested() || TrialStep.jobStopping(job.execution()))) {
                    stopAsked = true;
                    job.outage().run("ask the workers to stop", () -> jdbc.update("update tb_trial_dispatch "
                            + "set stop_requested = true where job_execution_id = ?", step.getJobExecutionId()));
                }
                if (stopAsked && !now.taken()) {
                    StepExecution withdrawn = job.outage().call("withdraw step " + step.getStepName(),
                            () -> end(step, now.version(), BatchStatus.STOPPED, ExitStatus.STOPPED.addExitDescription(
                                    "the manager stopped before a worker took the trial")));
                    if (withdrawn != null) {
                        return new Watched(withdrawn, false);
                    }
                }
                if (!now.taken() || lastVersion == null || !lastVersion.equals(now.version())) {
                    lastVersion = now.version();
                    lastMove = System.nanoTime();
                } else if (System.nanoTime() - lastMove > workerTimeout.toNanos()) {
                    StepExecution lost = job.outage().call("end the step of a lost worker",
                            () -> end(step, now.version(), BatchStatus.FAILED, new ExitStatus(WORKER_LOST,
                                    "its worker stopped heartbeating for " + workerTimeout.toSeconds()
                                            + " s; the trial was dispatched again")));
                    if (lost != null) {
                        return new Watched(lost, true);
                    }
                    lastMove = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the worker of step " + step.getStepName(),
                    e);
        } finally {
            waiting.remove(step.getId());
        }
    }

    /**
     * What the manager looks at of a dispatched step: taken by a worker yet, its stored version, final or not, and
     * what the end of a finished one is made of.
     */
    private record Observed(boolean taken, Integer version, String status, String exitCode, String exitMessage,
                            LocalDateTime startTime, LocalDateTime endTime) {

        boolean finished() {
            return RemoteTrialSteps.finished(status);
        }

        /** The manager's copy of the step, brought to what the worker stored. */
        StepExecution appliedTo(StepExecution step) {
            step.setVersion(version);
            step.setStatus(BatchStatus.valueOf(status));
            step.setExitStatus(new ExitStatus(exitCode, exitMessage == null ? "" : exitMessage));
            step.setStartTime(startTime);
            step.setEndTime(endTime);
            return step;
        }
    }

    private Observed observe(long stepExecutionId) {
        return jdbc.queryForObject("""
                        select d.taken_at is not null, s.version, s.status, s.exit_code, s.exit_message,
                               s.start_time, s.end_time
                        from batch_step_execution s
                        left join tb_trial_dispatch d on d.step_execution_id = s.step_execution_id
                        where s.step_execution_id = ?""",
                (rs, i) -> new Observed(rs.getBoolean(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), localTime(rs.getTimestamp(6)), localTime(rs.getTimestamp(7))),
                stepExecutionId);
    }

    private static LocalDateTime localTime(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime();
    }

    private static boolean finished(String status) {
        return !UNFINISHED.contains(status);
    }

    /**
     * Ends a dispatched step {@code status} with {@code exit} — the step of a worker that is gone, or one no worker
     * took before the manager stopped — unless it was saved meanwhile (then null). A worker that was only paused, or
     * that takes a withdrawn step, finds the step changed when it saves it, and stops.
     */
    private StepExecution end(StepExecution step, Integer seenVersion, BatchStatus status, ExitStatus exit) {
        return transactions.execute(tx -> {
            StepExecution stored = jobRepository.getStepExecution(step.getId());
            if (stored == null || !seenVersion.equals(stored.getVersion()) || finished(stored.getStatus().name())) {
                return null;
            }
            stored.setStatus(status);
            stored.setExitStatus(exit);
            stored.setEndTime(LocalDateTime.now());
            try {
                jobRepository.update(stored);
            } catch (OptimisticLockingFailureException e) {
                tx.setRollbackOnly();
                return null;
            }
            return stored;
        });
    }

    /**
     * On the first trial of the job execution: discards the ends left for job executions of the search that are no
     * longer running, then listens for this one's ends.
     */
    synchronized void begin(long jobExecutionId, String search) {
        if (listening != null) {
            return;
        }
        this.jobExecutionId = jobExecutionId;
        discardStaleEnds(search, jobExecutionId);
        listenForEnds(jobExecutionId);
    }

    /**
     * Discards the ends groups of the search's job executions that no manager waits on: not running any more (a
     * manager killed before it could discard its own, recovered since) or gone from the job repository. Only those
     * that dispatched in the last week are looked at, so the work stays flat however many nights the search has run;
     * a killed manager's ends are discarded by the search's next run. A failure only leaves them for the next start.
     */
    private void discardStaleEnds(String search, long current) {
        try {
            transactions.executeWithoutResult(tx -> {
                List<Long> stale = jdbc.queryForList("""
                                select distinct d.job_execution_id from tb_trial_dispatch d
                                left join batch_job_execution e on e.job_execution_id = d.job_execution_id
                                where d.search_name = ? and d.job_execution_id <> ?
                                  and d.dispatched_at > now() - interval '7 days'
                                  and (e.job_execution_id is null or e.status not in (?, ?, ?))""", Long.class,
                        search, current, UNFINISHED.get(0), UNFINISHED.get(1), UNFINISHED.get(2));
                stale.forEach(id -> requests.discard(TrialRequests.endsOf(id)));
            });
        } catch (RuntimeException e) {
            log.warn("Could not discard the step ends left by earlier runs of search '{}' ({}); the next run tries "
                    + "again.", search, ExitDescriptions.firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** Wakes the waits of the step executions workers announced as ended. */
    private void listenForEnds(long jobExecutionId) {
        String group = TrialRequests.endsOf(jobExecutionId);
        listening = requests.listen(group, () -> {
            try {
                Message<?> message;
                while ((message = requests.poll(group)) != null) {
                    if (message.getPayload() instanceof Long id) {
                        Semaphore ended = waiting.get(id);
                        if (ended != null) {
                            ended.release();
                        }
                    }
                }
            } catch (RuntimeException e) {
                log.debug("Reading the ends of job execution {} failed: {}", jobExecutionId, e.toString());
            }
        });
    }

    /** Stops listening and discards what is left of this job execution's ends: nobody will read them. */
    @Override
    public synchronized void close() {
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                log.debug("Closing the ends listener failed: {}", e.toString());
            }
            listening = null;
        }
        if (jobExecutionId != null) {
            try {
                requests.discard(TrialRequests.endsOf(jobExecutionId));
            } catch (RuntimeException e) {
                log.debug("Discarding the ends of job execution {} failed: {}", jobExecutionId, e.toString());
            }
            jobExecutionId = null;
        }
    }
}
