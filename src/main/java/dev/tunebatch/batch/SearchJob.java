package dev.tunebatch.batch;

import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.tuner.SearchSession;
import dev.tunebatch.tuner.TrialDriver;
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
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
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
     * The exit code of a job execution that ended because a budget of the search was reached: its status is STOPPED
     * (so that running it again continues once the budget is raised) and the launcher exits with
     * {@link dev.tunebatch.batch.launch.ExitCodes#BUDGET_REACHED}.
     */
    public static final String BUDGET_REACHED_EXIT = "BUDGET_REACHED";

    private static final String TRIALS_BEFORE_RUN = "tunebatch.trials-before-run";
    private static final long STOP_WATCH_MILLIS = 1000;
    private static final Duration IDLE_WAIT = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(SearchJob.class);

    private final SearchDefinition definition;
    private final SearchStores stores;
    private final PlatformTransactionManager transactionManager;
    private final List<TrialObserver> observers;
    private final EngineSettings settings;
    private final TrialStepRunner stepRunner;
    private final JdbcTemplate jdbc;
    private final Map<String, TrialStep> steps = new ConcurrentHashMap<>();
    private volatile SearchRun current;
    private volatile boolean stopAsked;

    /**
     * A search job of {@code definition} whose searches are opened from {@code stores}, whose trial steps are
     * reported to {@code observers}, with the engine's {@code settings} (heartbeat, database outages).
     */
    public SearchJob(SearchDefinition definition, JobRepository jobRepository, SearchStores stores,
                     List<? extends TrialObserver> observers, EngineSettings settings) {
        this(definition, jobRepository, stores, observers, settings, null);
    }

    /** A search job whose trial steps run where {@code stepRunner} says (null: in this process). */
    public SearchJob(SearchDefinition definition, JobRepository jobRepository, SearchStores stores,
                     List<? extends TrialObserver> observers, EngineSettings settings, TrialStepRunner stepRunner) {
        super(JOB_NAME);
        this.stepRunner = stepRunner;
        this.definition = definition;
        this.stores = stores;
        this.transactionManager = stores.transactionManager();
        this.observers = List.copyOf(observers);
        this.settings = settings;
        this.jdbc = new JdbcTemplate(stores.dataSource());
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
        JdbcTrialStore store = stores.open(definition.name());
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
            SearchRun run = new SearchRun(session, fitArgsOf(definition), executor);
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

    /**
     * The fit arguments of {@code definition}'s trials: unless they set a run id, the search's name, so that the LM
     * cost ledger files the calls of the search together.
     */
    public static FitArgs fitArgsOf(SearchDefinition definition) {
        FitArgs args = definition.fitArgs().get();
        return args.runId().isPresent() ? args : args.toBuilder().runId(definition.name()).build();
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
        TrialStepRunner runner = stepRunner != null ? stepRunner
                : new InProcessTrialSteps(getJobRepository(), transactionManager, settings.heartbeatInterval(), steps);
        TrialSteps trialSteps = new TrialSteps(new TrialStepRunner.TrialJob(definition.name(), run, execution, outage),
                runner, observers);
        TrialDriver driver = new TrialDriver(run.session(), trialSteps,
                () -> run.stopRequested() || TrialStep.jobStopping(execution), run::requestStop, outage::call,
                IDLE_WAIT);
        int workers = definition.parallelism();
        try (ExecutorService pool = SearchLogContext.propagating(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tunebatch-worker-", 0).factory()))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String workerId = "worker-" + w;
                futures.add(pool.submit(() -> driver.drive(workerId)));
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
        if (run.stopRequested() || TrialStep.jobStopping(execution)) {
            throw new JobInterruptedException("The search was stopped; run the same command again to resume.",
                    BatchStatus.STOPPED);
        }
    }

    /** Whether the run ends because a budget was reached (and not because it was asked to stop). */
    private static boolean budgetStop(SearchRun run) {
        return run.session().budgetReached() && !run.stopRequested();
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

}
