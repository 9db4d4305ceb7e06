package dev.tunebatch.batch.launch;

import dev.tunebatch.batch.DatabaseOutage;
import dev.tunebatch.batch.ExitDescriptions;
import dev.tunebatch.batch.EngineSettings;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.SearchJob;
import dev.tunebatch.batch.SearchLogContext;
import dev.tunebatch.batch.SearchStores;
import dev.tunebatch.batch.TrialStepRunner;
import dev.tunebatch.store.SearchBusyException;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.tuner.ClaimWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one way searches are launched: claims the search (refusing while another live process holds it), then starts a
 * new job instance, restarts a failed or stopped one, or recovers one whose owner died (its claim is gone) and
 * restarts it; a finished search is reported, not run again. Boot's own launcher cannot do this: it never restarts
 * and fails on {@code STARTED} leftovers.
 */
public final class SearchLauncher {

    private static final Logger log = LoggerFactory.getLogger(SearchLauncher.class);
    private static final String RECOVERED = "recovered: the process that ran it is gone";

    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;
    private final SearchStores stores;
    private volatile Supplier<? extends TrialStepRunner> stepRunners;
    private final List<SearchObserver> observers;
    private final EngineSettings settings;
    private final JdbcTemplate jdbc;
    private final Set<SearchJob> running = ConcurrentHashMap.newKeySet();

    public SearchLauncher(JobRepository jobRepository, JobOperator jobOperator, DataSource dataSource,
                          PlatformTransactionManager transactionManager) {
        this(jobRepository, jobOperator, dataSource, transactionManager, List.of());
    }

    /** A launcher that tells {@code observers} when searches start and end and when their trial steps end. */
    public SearchLauncher(JobRepository jobRepository, JobOperator jobOperator, DataSource dataSource,
                          PlatformTransactionManager transactionManager, List<SearchObserver> observers) {
        this(jobRepository, jobOperator, dataSource, transactionManager, observers, EngineSettings.DEFAULTS);
    }

    /** A launcher whose searches run with the engine's {@code settings} (heartbeat, database outages). */
    public SearchLauncher(JobRepository jobRepository, JobOperator jobOperator, DataSource dataSource,
                          PlatformTransactionManager transactionManager, List<SearchObserver> observers,
                          EngineSettings settings) {
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
        this.stores = new SearchStores(dataSource, transactionManager);
        this.observers = List.copyOf(observers);
        this.settings = settings;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The identifying parameters of a search's run. */
    public static JobParameters parameters(String search, String runKey) {
        return new JobParametersBuilder()
                .addString(SearchJob.SEARCH_PARAM, search, true)
                .addString(SearchJob.RUN_PARAM, runKey == null || runKey.isBlank() ? "default" : runKey, true)
                .toJobParameters();
    }

    /** Runs (or resumes) a search to its end, a stop, or a failure; blocks meanwhile. */
    public LaunchOutcome run(SearchDefinition definition, String runKey) {
        return run(definition, runKey, () -> { });
    }

    /**
     * Runs (or resumes) a search like {@link #run(SearchDefinition, String)}, calling {@code claimed} once the search
     * is claimed and before anything else happens; a refused launch (a bad run key, another live process) never
     * calls it.
     */
    public LaunchOutcome run(SearchDefinition definition, String runKey, Runnable claimed) {
        Optional<String> badKey = runKey == null ? Optional.empty() : RunKey.problem(runKey);
        if (badKey.isPresent()) {
            return new LaunchOutcome(ExitCodes.USAGE, null, "Run key '" + RunKey.shown(runKey) + "' "
                    + badKey.get() + "; use e.g. 2026-11-29. Nothing was stored.", null);
        }
        try (SearchLogContext.Scope ignored = SearchLogContext.search(definition.name())) {
            return launch(definition, runKey, claimed);
        }
    }

    private LaunchOutcome launch(SearchDefinition definition, String runKey, Runnable onClaimed) {
        JdbcTrialStore store = stores.open(definition.name());
        ClaimWatch claimed;
        try {
            claimed = ClaimWatch.claim(store, ownerDescription(runKey));
        } catch (SearchBusyException e) {
            return new LaunchOutcome(ExitCodes.BUSY, null, e.getMessage(), null);
        } catch (RuntimeException e) {
            if (isDatabaseFailure(e)) {
                return lostDatabase(definition, e, null, null);
            }
            throw e;
        }
        try (ClaimWatch watch = claimed) {
            onClaimed.run();
            JobParameters params = parameters(definition.name(), runKey);
            JobInstance instance = jobRepository.getJobInstance(SearchJob.JOB_NAME, params);
            if (instance != null) {
                JobExecution last = jobRepository.getLastJobExecution(instance);
                if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                    return new LaunchOutcome(ExitCodes.COMPLETED, BatchStatus.COMPLETED, "Search '"
                            + definition.name() + "' (run " + params.getString(SearchJob.RUN_PARAM)
                            + ") is already finished.", last.getId());
                }
                if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
                    return new LaunchOutcome(ExitCodes.ABANDONED, BatchStatus.ABANDONED, "Search '"
                            + definition.name() + "' (run " + params.getString(SearchJob.RUN_PARAM)
                            + ") was abandoned; use another run key to continue the search.", last.getId());
                }
                recoverLeftovers(definition.name(), instance);
            }
            TrialStepRunner stepRunner = stepRunners == null ? null : stepRunners.get();
            SearchJob job = new SearchJob(definition, jobRepository, stores, observers, settings, stepRunner);
            running.add(job);
            watch.onLoss(job::requestStop);
            try {
                notifyObservers(definition.name(), "start", o -> o.searchStarted(definition.name()));
                JobExecution execution = awaitEnd(jobOperator.start(job, params));
                LaunchOutcome outcome = watch.lost() ? takenOver(definition, execution)
                        : outcome(definition, execution);
                notifyObservers(definition.name(), "end", o -> o.searchEnded(definition.name(), outcome));
                return outcome;
            } finally {
                if (stepRunner instanceof AutoCloseable closeable) {
                    closeable.close();
                }
                synchronized (running) {
                    running.remove(job);
                    running.notifyAll();
                }
            }
        } catch (Exception e) {
            if (isDatabaseFailure(e)) {
                return lostDatabase(definition, e, null, null);
            }
            return new LaunchOutcome(ExitCodes.INTERNAL_ERROR, null, "Search '" + definition.name()
                    + "' could not be launched: " + e.getMessage(), null);
        }
    }

    /**
     * Ends what a process that is gone left running in this search's job instance, so that Spring Batch restarts it:
     * executions left STARTING/STARTED/STOPPING or UNKNOWN, and the step executions under them left so (a process
     * that lost its database could not record their end, even when it recorded its job's). Safe because this process
     * holds the search's claim: no live process runs it. The trials themselves are in {@code tb_trial}; a step
     * execution is only their bookkeeping.
     */
    private void recoverLeftovers(String search, JobInstance instance) {
        List<Long> executions = jdbc.queryForList("""
                select job_execution_id from batch_job_execution
                where job_instance_id = ? and status in ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')
                order by job_execution_id""", Long.class, instance.getInstanceId());
        for (Long id : executions) {
            JobExecution execution = jobRepository.getJobExecution(id);
            log.warn("Search '{}': execution {} was left {} by a process that is gone; recovering it.", search, id,
                    execution.getStatus());
            if (execution.getStatus() == BatchStatus.UNKNOWN) {
                execution.setStatus(BatchStatus.FAILED);
                execution.setExitStatus(ExitStatus.FAILED.addExitDescription(RECOVERED));
                execution.setEndTime(LocalDateTime.now());
                jobRepository.update(execution);
            } else {
                jobOperator.recover(execution);
            }
        }
        List<Map<String, Object>> steps = jdbc.queryForList("""
                select s.job_execution_id, s.step_execution_id from batch_step_execution s
                join batch_job_execution e on e.job_execution_id = s.job_execution_id
                where e.job_instance_id = ? and s.status in ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')
                order by s.step_execution_id""", instance.getInstanceId());
        for (Map<String, Object> row : steps) {
            StepExecution step = jobRepository.getStepExecution(((Number) row.get("job_execution_id")).longValue(),
                    ((Number) row.get("step_execution_id")).longValue());
            log.warn("Search '{}': step {} was left {} by a process that lost its database; recovering it.", search,
                    step.getStepName(), step.getStatus());
            step.setStatus(BatchStatus.FAILED);
            step.setExitStatus(ExitStatus.FAILED.addExitDescription(RECOVERED));
            step.setEndTime(LocalDateTime.now());
            jobRepository.update(step);
        }
    }

    private static LaunchOutcome lostDatabase(SearchDefinition definition, Throwable e, BatchStatus status,
                                              Long executionId) {
        return new LaunchOutcome(ExitCodes.UNAVAILABLE, status, "Search '" + definition.name()
                + "' lost its database: " + rootMessage(e) + ". Nothing stored was lost; run the same command again "
                + "once PostgreSQL is reachable.", executionId);
    }

    private void notifyObservers(String search, String event, Consumer<SearchObserver> call) {
        for (SearchObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                log.warn("Search '{}': observer {} failed on the search's {}: {}", search,
                        observer.getClass().getName(), event, e.toString());
            }
        }
    }

    /** Whether an error comes from the database being unreachable (as opposed to a bug or bad input). */
    static boolean isDatabaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof org.springframework.dao.TransientDataAccessResourceException
                    || t instanceof DatabaseOutage.DatabaseUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** Whether a failure of the job is the database going away for longer than the run tolerates. */
    private static boolean lostTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseOutage.DatabaseUnavailableException) {
                return true;
            }
        }
        return DatabaseOutage.isOutage(e);
    }

    private static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseOutage.DatabaseUnavailableException) {
                return t.getMessage();
            }
        }
        return "PostgreSQL is unreachable (" + DatabaseOutage.rootMessage(e) + ")";
    }

    /** Waits for an execution the operator may have started on another thread. */
    private JobExecution awaitEnd(JobExecution started) throws InterruptedException {
        JobExecution current = started;
        while (current.isRunning()) {
            Thread.sleep(100);
            JobExecution reread = jobRepository.getJobExecution(started.getId());
            current = reread == null ? started : reread;
        }
        return current;
    }

    private LaunchOutcome outcome(SearchDefinition definition, JobExecution execution) {
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.FAILED || status == BatchStatus.UNKNOWN) {
            Throwable lost = execution.getAllFailureExceptions().stream().filter(SearchLauncher::lostTheDatabase)
                    .findFirst().orElse(null);
            if (lost != null) {
                return lostDatabase(definition, lost, status, execution.getId());
            }
        }
        if (status == BatchStatus.STOPPED
                && SearchJob.BUDGET_REACHED_EXIT.equals(execution.getExitStatus().getExitCode())) {
            return new LaunchOutcome(ExitCodes.BUDGET_REACHED, status, "Search '" + definition.name()
                    + "' stopped: its budget is reached (" + ExitDescriptions.firstLine(
                    execution.getExitStatus().getExitDescription()) + "). Running trials stopped at an epoch "
                    + "boundary and resume later; raise the budget and run again to continue (a per-run budget "
                    + "starts afresh with the next run key).", execution.getId());
        }
        String detail = switch (status) {
            case COMPLETED -> "finished";
            case STOPPED -> "stopped; run the same command again to resume";
            case FAILED -> "failed: " + failureText(execution) + "; fix the cause and run the same command again "
                    + "to resume";
            default -> "ended " + status;
        };
        return new LaunchOutcome(ExitCodes.of(status), status, "Search '" + definition.name() + "' " + detail + ".",
                execution.getId());
    }

    private static LaunchOutcome takenOver(SearchDefinition definition, JobExecution execution) {
        return new LaunchOutcome(ExitCodes.BUSY, execution.getStatus(), "Search '" + definition.name() + "' was "
                + "taken over by another process after this one lost its database session; this run stopped ("
                + execution.getStatus() + ") and the other one continues the search.", execution.getId());
    }

    private static String failureText(JobExecution execution) {
        var failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return ExitDescriptions.firstLine(execution.getExitStatus().getExitDescription());
        }
        return ExitDescriptions.firstLine(String.valueOf(failures.get(0).getMessage()));
    }

    /**
     * Runs the trial steps of every later launch where the runners {@code stepRunners} supplies say (one per launch,
     * closed after it when it is {@link AutoCloseable}); null runs them in this process.
     */
    public void setStepRunners(Supplier<? extends TrialStepRunner> stepRunners) {
        this.stepRunners = stepRunners;
    }

    /**
     * Asks every search running in this JVM to stop at its trials' next epoch boundary and waits, at most
     * {@code timeout}, for them to end (STOPPED, resumable).
     *
     * @return whether they all ended in time
     */
    public boolean stopAll(Duration timeout) {
        running.forEach(SearchJob::requestStop);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (running) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    running.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a search runs in this JVM now. */
    public boolean isRunning() {
        return !running.isEmpty();
    }

    private static String ownerDescription(String runKey) {
        return dev.tunebatch.tuner.Tuner.thisProcess()
                + (runKey == null ? "" : ", run " + runKey);
    }
}
