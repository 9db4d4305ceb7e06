package dev.tunebatch.batch;

import dev.tunebatch.oracle.ConsecutiveFailuresException;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.tuner.SearchSession;
import dev.tunebatch.tuner.TunerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A search as a Spring Batch job: it opens the search from PostgreSQL, then each worker asks the oracle for a trial
 * (persisted before it runs) and executes it as its own step, {@code trial-<id>}. Restarting the job resumes: trials
 * already reported are skipped by their tasklet, an interrupted trial runs again from its last checkpoint, and the
 * oracle continues from its stored state.
 */
public final class SearchJob extends AbstractJob {

    /** The Spring Batch job name of every search; the search itself is an identifying parameter. */
    public static final String JOB_NAME = "tunebatch-search";
    /** Identifying parameter: the search's name. */
    public static final String SEARCH_PARAM = "search";
    /** Identifying parameter: the run key (e.g. the Kubernetes Job name); pod retries of one run share it. */
    public static final String RUN_PARAM = "run";

    /**
     * {@link FitArgs#extra()} key under which the LM cost ledger files a trial's calls ({@code lm_cost_ledger.run_id});
     * unless the definition sets it, the engine sets it to the search's name, so cost joins its search in SQL.
     */
    public static final String LEDGER_RUN_EXTRA = "run_id";

    /**
     * The exit code of a job execution that ended because a budget of the search was reached: its status is STOPPED
     * (so that running it again continues once the budget is raised) and the launcher exits with
     * {@link ExitCodes#BUDGET_REACHED}.
     */
    public static final String BUDGET_REACHED_EXIT = "BUDGET_REACHED";

    private static final String TRIALS_BEFORE_RUN = "tunebatch.trials-before-run";
    private static final long STOP_WATCH_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(SearchJob.class);

    private final SearchDefinition definition;
    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;
    private final List<SearchObserver> observers;
    private final EngineSettings settings;
    private final JdbcTemplate jdbc;
    private final Map<String, TrialStep> steps = new ConcurrentHashMap<>();
    private volatile SearchRun current;
    private volatile boolean stopAsked;

    public SearchJob(SearchDefinition definition, JobRepository jobRepository, DataSource dataSource,
                     PlatformTransactionManager transactionManager) {
        this(definition, jobRepository, dataSource, transactionManager, List.of());
    }

    /** A search job whose trial steps are reported to {@code observers}. */
    public SearchJob(SearchDefinition definition, JobRepository jobRepository, DataSource dataSource,
                     PlatformTransactionManager transactionManager, List<SearchObserver> observers) {
        this(definition, jobRepository, dataSource, transactionManager, observers, EngineSettings.DEFAULTS);
    }

    /** A search job with the engine's {@code settings} (heartbeat, database outages). */
    public SearchJob(SearchDefinition definition, JobRepository jobRepository, DataSource dataSource,
                     PlatformTransactionManager transactionManager, List<SearchObserver> observers,
                     EngineSettings settings) {
        super(JOB_NAME);
        this.definition = definition;
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
        this.observers = List.copyOf(observers);
        this.settings = settings;
        this.jdbc = new JdbcTemplate(dataSource);
        setJobRepository(jobRepository);
        setRestartable(true);
    }

    @Override
    protected void doExecute(JobExecution execution) throws JobExecutionException {
        try (SearchLogContext.Scope ignored = SearchLogContext.search(definition.name())) {
            executeSearch(execution);
        }
    }

    private void executeSearch(JobExecution execution) throws JobExecutionException {
        JdbcTrialStore store = new JdbcTrialStore(dataSource, definition.name(), transactionManager);
        TunerBuilder<?, ?> builder = definition.tuner().get();
        SearchSession session = builder.openSession(store);
        session.announceSearchStart();
        limitTrialsOfThisRun(session, execution);
        String runKey = execution.getJobParameters().getString(RUN_PARAM);
        session.beginRun(runKey == null ? "default" : runKey);
        ScheduledExecutorService stopWatch = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("tunebatch-stop-watch").factory());
        try (ExecutorService executor = SearchLogContext.propagating(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tunebatch-" + definition.name() + "-", 0).factory()))) {
            SearchRun run = new SearchRun(session, withLedgerRun(definition.fitArgs().get()), executor);
            DatabaseOutage outage = new DatabaseOutage(settings.databaseOutageTolerance(), run::stopRequested);
            current = run;
            if (stopAsked) {
                run.requestStop();
            }
            stopWatch.scheduleWithFixedDelay(() -> watchForStop(run, execution.getId()), STOP_WATCH_MILLIS,
                    STOP_WATCH_MILLIS, TimeUnit.MILLISECONDS);
            runWorkers(run, outage, execution);
            awaitDatabase(outage);
            if (budgetStop(run)) {
                String reason = session.budgetReachedReason();
                log.warn("Search '{}' reached its budget: {}.", definition.name(), reason);
                execution.upgradeStatus(BatchStatus.STOPPED);
                execution.setExitStatus(new ExitStatus(BUDGET_REACHED_EXIT, reason));
                return;
            }
            execution.upgradeStatus(BatchStatus.COMPLETED);
            execution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(
                    session.oracle().trialCount() + " trials"));
        } finally {
            stopWatch.shutdownNow();
            current = null;
        }
    }

    /**
     * Looks in the job repository for a stop requested by another process. Trial steps commit only at epochs and
     * heartbeats now, so without this look a stop would wait for the next heartbeat; one query a second per run.
     */
    private void watchForStop(SearchRun run, long executionId) {
        try {
            List<String> status = jdbc.queryForList(
                    "select status from batch_job_execution where job_execution_id = ?", String.class, executionId);
            if (!status.isEmpty() && (status.get(0).equals(BatchStatus.STOPPING.name())
                    || status.get(0).equals(BatchStatus.STOPPED.name()))) {
                run.stopExternally();
            }
        } catch (RuntimeException e) {
            // the database is away: the trial steps ride the outage out and the next look tries again
        }
    }

    /**
     * Waits, as for any other call, until PostgreSQL answers, so that Spring Batch can record the end of the job
     * after an outage at the very end of the search.
     */
    private void awaitDatabase(DatabaseOutage outage) {
        outage.run("record the end of the search", () -> jdbc.queryForObject("select 1", Integer.class));
    }

    private FitArgs withLedgerRun(FitArgs args) {
        return args.extra().containsKey(LEDGER_RUN_EXTRA) ? args
                : args.toBuilder().extra(LEDGER_RUN_EXTRA, definition.name()).build();
    }

    /** With {@code trialsPerRun}, this run may add that many trials to those that existed when it first started. */
    private void limitTrialsOfThisRun(SearchSession session, JobExecution execution) {
        ExecutionContext jobContext = execution.getExecutionContext();
        Integer perRun = definition.trialsPerRun();
        if (perRun == null) {
            return;
        }
        if (!jobContext.containsKey(TRIALS_BEFORE_RUN)) {
            jobContext.putInt(TRIALS_BEFORE_RUN, session.oracle().trialCount());
            getJobRepository().updateExecutionContext(execution);
        }
        int before = jobContext.getInt(TRIALS_BEFORE_RUN);
        var config = session.oracle().config();
        session.oracle().reconfigure(config.withMaxTrials(before + perRun));
    }

    private void runWorkers(SearchRun run, DatabaseOutage outage, JobExecution execution)
            throws JobExecutionException {
        int workers = definition.parallelism();
        try (ExecutorService pool = SearchLogContext.propagating(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tunebatch-worker-", 0).factory()))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String workerId = "worker-" + w;
                futures.add(pool.submit(() -> {
                    work(run, outage, execution, workerId);
                    return null;
                }));
            }
            Throwable first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    run.requestStop();
                    first = first == null ? e.getCause() : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    run.requestStop();
                    first = first == null ? new JobInterruptedException("interrupted") : first;
                }
            }
            if (first instanceof JobExecutionException jee) {
                throw jee;
            }
            if (first instanceof RuntimeException re) {
                throw re;
            }
            if (first != null) {
                throw new IllegalStateException(first);
            }
        }
        if (budgetStop(run)) {
            return;
        }
        if (run.stopRequested() || stopRequested(execution)) {
            throw new JobInterruptedException("The search was stopped; run the same command again to resume.",
                    BatchStatus.STOPPED);
        }
    }

    /** Whether the run ends because a budget was reached (and not because it was asked to stop). */
    private static boolean budgetStop(SearchRun run) {
        return run.session().budgetReached() && !run.stopRequested();
    }

    private void work(SearchRun run, DatabaseOutage outage, JobExecution execution, String workerId)
            throws JobExecutionException {
        SearchSession session = run.session();
        while (!run.stopRequested() && !stopRequested(execution) && !session.budgetReached()) {
            Trial trial = outage.call("ask the oracle for the next trial", () -> session.nextTrial(workerId));
            if (trial.status() == TrialStatus.STOPPED) {
                return;
            }
            if (trial.status() == TrialStatus.IDLE) {
                sleep(100);
                continue;
            }
            // A step of its own for every launch: a retried trial may be handed out before the last launch cleaned up.
            TrialStep step = new TrialStep(stepName(trial.id()),
                    new TrialTasklet(run, trial.id(), settings.heartbeatInterval()), getJobRepository(),
                    transactionManager, outage);
            steps.put(step.getName(), step);
            StepExecution stepExecution;
            int number = session.announceStart(trial);
            long start = System.nanoTime();
            try (SearchLogContext.Scope ignored = SearchLogContext.trial(trial.id())) {
                try {
                    stepExecution = step.launch(execution, run.firstLaunch(trial.id()));
                } catch (JobInterruptedException e) {
                    if (budgetStop(run)) {
                        log.info("Trial {} stopped at an epoch boundary: the search's budget is reached.",
                                trial.id());
                        return;
                    }
                    throw e;
                }
                log.info("Trial {} step ended {} ({}).", trial.id(), stepExecution.getExitStatus().getExitCode(),
                        firstLine(stepExecution.getExitStatus().getExitDescription()));
                notifyTrialStepEnded(trial.id(), stepExecution);
            } finally {
                steps.remove(step.getName(), step);
            }
            if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
                session.announceEnd(trial.id(), number, System.nanoTime() - start);
            }
            if (stepExecution.getStatus() == BatchStatus.FAILED || stepExecution.getStatus() == BatchStatus.UNKNOWN
                    || stepExecution.getStatus() == BatchStatus.ABANDONED) {
                run.requestStop();
                Throwable cause = stepExecution.getFailureExceptions().isEmpty() ? null
                        : stepExecution.getFailureExceptions().get(0);
                throw new TrialStepFailedException("Trial " + trial.id() + " failed its step: "
                        + (cause == null ? stepExecution.getExitStatus() : cause.getMessage()), cause);
            }
            try {
                session.checkConsecutiveFailures();
            } catch (ConsecutiveFailuresException e) {
                if (e.getCause() == null && run.lastFailure() != null) {
                    e.initCause(run.lastFailure());
                }
                run.requestStop();
                throw e;
            }
        }
    }

    private void notifyTrialStepEnded(String trialId, StepExecution stepExecution) {
        for (SearchObserver observer : observers) {
            try {
                observer.trialStepEnded(definition.name(), trialId, stepExecution);
            } catch (RuntimeException e) {
                log.warn("Observer {} failed on the end of trial {}: {}", observer.getClass().getName(), trialId,
                        e.toString());
            }
        }
    }

    /** The first line of an exit description (Spring Batch stores a failure's whole stack trace there). */
    static String firstLine(String description) {
        int nl = description == null ? -1 : description.indexOf('\n');
        return nl < 0 ? description : description.substring(0, nl).strip();
    }

    /** The step name of a trial. */
    public static String stepName(String trialId) {
        return "trial-" + trialId;
    }

    /** Asks this job to stop, running or about to run: trials stop at their next epoch boundary. */
    public void requestStop() {
        stopAsked = true;
        SearchRun run = current;
        if (run != null) {
            run.requestStop();
        }
    }

    @Override
    public Step getStep(String stepName) {
        return steps.get(stepName);
    }

    @Override
    public Collection<String> getStepNames() {
        return List.copyOf(steps.keySet());
    }

    /**
     * Whether a stop was requested through Spring Batch: {@code JobOperator.stop} in another process stores the
     * execution STOPPED (it sets an end time), which reaches this one as STOPPED, not STOPPING.
     */
    static boolean stopRequested(JobExecution execution) {
        return execution.isStopping() || execution.isStopped();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A trial's step ended FAILED (an error no retry fixes, or the database went away). */
    public static final class TrialStepFailedException extends RuntimeException {
        TrialStepFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
