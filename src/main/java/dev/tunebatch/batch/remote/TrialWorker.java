package dev.tunebatch.batch.remote;

import dev.tunebatch.batch.DatabaseOutage;
import dev.tunebatch.batch.EngineSettings;
import dev.tunebatch.batch.ExitDescriptions;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.SearchJob;
import dev.tunebatch.batch.SearchRun;
import dev.tunebatch.batch.SearchStores;
import dev.tunebatch.batch.TrialStep;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.tuner.SearchSession;
import dev.tunebatch.tuner.TunerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A worker: takes the trial requests of every search its application defines, at most {@code capacity} at a time,
 * and executes each with Spring Batch's {@link StepExecutionRequestHandler} and the engine's own trial step — the
 * same checkpoints, heartbeats and exactly-once report as in the manager's process. A request is taken in the same
 * transaction that records this worker as the trial's worker, so a trial is never run by two workers at once; the
 * end of each step is announced on its manager's ends channel. While a trial runs, the worker looks once a second at
 * whether its manager still holds the search and still wants the trial; if not, the trial stops at its next epoch
 * boundary. A search this worker cannot open as stored (its application defines it differently) is refused with
 * one line: the request goes back for another worker, and this worker stops taking that search's trials.
 */
public final class TrialWorker {

    private static final Logger log = LoggerFactory.getLogger(TrialWorker.class);
    private static final long LOOK_MILLIS = 1000;
    private static final long IDLE_POLL_MILLIS = 1000;

    private final Map<String, SearchDefinition> definitions;
    private final TrialRequests requests;
    private final JobRepository jobRepository;
    private final SearchStores stores;
    private final EngineSettings settings;
    private final int capacity;
    private final String identity;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final DatabaseOutage outage;
    private final Semaphore wake = new Semaphore(0);
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Map<String, SearchSession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, SearchRun> runs = new ConcurrentHashMap<>();
    private final ExecutorService fits = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tunebatch-worker-fit-", 0).factory());
    private final ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("tunebatch-worker-look").factory());
    private volatile boolean stopping;

    /**
     * A worker for {@code definitions} (by name) that takes requests from {@code requests}, runs at most
     * {@code capacity} trials at a time and calls itself {@code identity} ("pid N on host").
     */
    public TrialWorker(Map<String, SearchDefinition> definitions, TrialRequests requests, JobRepository jobRepository,
                       SearchStores stores, EngineSettings settings, int capacity, String identity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("tunebatch.worker.capacity=" + capacity + ": a worker runs at least one "
                    + "trial at a time; give 1 or more.");
        }
        this.definitions = Map.copyOf(definitions);
        this.requests = requests;
        this.jobRepository = jobRepository;
        this.stores = stores;
        this.settings = settings;
        this.capacity = capacity;
        this.identity = identity;
        this.transactions = new TransactionTemplate(stores.transactionManager());
        this.jdbc = new JdbcTemplate(stores.dataSource());
        this.outage = new DatabaseOutage(settings.databaseOutageTolerance(), () -> stopping);
    }

    /**
     * Serves until {@link #stop()}: then the running trials stop at their next epoch boundary (their managers
     * dispatch them again at once) and this returns once they have.
     *
     * @throws DatabaseOutage.DatabaseUnavailableException when PostgreSQL stayed away longer than the tolerance
     */
    public void serve() throws InterruptedException {
        List<AutoCloseable> listening = new ArrayList<>();
        definitions.keySet().forEach(s -> listening.add(requests.listen(TrialRequests.requestsOf(s), wake::release)));
        Semaphore slots = new Semaphore(capacity);
        log.info("Worker {} serves {} ({} trial(s) at a time).", identity, definitions.keySet(), capacity);
        try (ExecutorService trials = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tunebatch-worker-trial-", 0).factory())) {
            while (!stopping) {
                if (!slots.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                Taken taken = stopping ? null : takeOne();
                if (taken == null) {
                    slots.release();
                    wake.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                trials.submit(() -> {
                    try {
                        execute(taken);
                    } catch (RuntimeException e) {
                        log.error("Trial step {} could not be executed: {}", taken.request().getStepExecutionId(),
                                e.toString());
                    } finally {
                        slots.release();
                    }
                });
            }
            runs.values().forEach(SearchRun::requestStop);
        } finally {
            for (AutoCloseable l : listening) {
                try {
                    l.close();
                } catch (Exception e) {
                    log.debug("Closing a listener failed: {}", e.toString());
                }
            }
            looks.shutdownNow();
            fits.shutdownNow();
        }
    }

    /** Asks this worker to stop: no new trial is taken, running ones stop at their next epoch boundary. */
    public void stop() {
        stopping = true;
        runs.values().forEach(SearchRun::requestStop);
        wake.release();
    }

    /**
     * A request this worker took, of {@code search}, with its step execution's status and job execution when it took
     * it (null when the step execution or its dispatch is gone).
     */
    private record Taken(String search, StepExecutionRequest request, String status, Long jobExecutionId) {
    }

    /** Takes the oldest request of one of the searches served, recording this worker as its taker; else null. */
    private Taken takeOne() {
        for (String search : definitions.keySet()) {
            if (refused.contains(search)) {
                continue;
            }
            try {
                Taken taken = outage.call("take a trial of " + search, () -> transactions.execute(tx -> take(search)));
                if (taken != null) {
                    return taken;
                }
            } catch (DatabaseOutage.DatabaseUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("Could not take a trial of search '{}': {}", search, e.toString());
            }
        }
        return null;
    }

    /**
     * In the caller's transaction: takes the oldest request of {@code search}, records this worker as its taker and
     * reads whether its step execution still waits for a worker.
     * A request that cannot be read (sent by another version, say) is dropped with one line: its manager sees its
     * trial untaken and the trial waits for the manager's next run.
     */
    private Taken take(String search) {
        Message<?> message;
        try {
            message = requests.poll(TrialRequests.requestsOf(search));
        } catch (RuntimeException e) {
            if (DatabaseOutage.isOutage(e)) {
                throw e;
            }
            log.error("Dropped a trial request of search '{}' that cannot be read: {}", search, e.getMessage());
            return null;
        }
        if (message == null || !(message.getPayload() instanceof StepExecutionRequest request)) {
            return null;
        }
        record Step(String status, long jobExecutionId) {
        }
        List<Step> step = jdbc.query("""
                        update tb_trial_dispatch d set taken_at = clock_timestamp(), worker = ?
                        from batch_step_execution s
                        where d.step_execution_id = ? and s.step_execution_id = d.step_execution_id
                        returning s.status, d.job_execution_id""",
                (rs, i) -> new Step(rs.getString(1), rs.getLong(2)), identity, request.getStepExecutionId());
        return step.isEmpty() ? new Taken(search, request, null, null)
                : new Taken(search, request, step.get(0).status(), step.get(0).jobExecutionId());
    }

    private void execute(Taken taken) {
        StepExecutionRequest request = taken.request();
        if (!BatchStatus.STARTING.name().equals(taken.status())) {
            log.info("Skipped step execution {}: it is {} (its trial was dispatched again or ended).",
                    request.getStepExecutionId(), taken.status() == null ? "gone" : taken.status());
            return;
        }
        long jobExecutionId = taken.jobExecutionId();
        SearchSession session;
        try {
            session = sessions.computeIfAbsent(taken.search(), this::open);
        } catch (RuntimeException e) {
            refuse(taken, e);
            return;
        }
        SearchRun run = runs.computeIfAbsent(jobExecutionId, id -> new SearchRun(session,
                SearchJob.fitArgsOf(definitions.get(taken.search())), fits));
        if (stopping) {
            run.requestStop();
        }
        Trial trial = outage.call("read trial of step execution " + request.getStepExecutionId(),
                () -> session.handedOut(trialIdOf(request.getStepName())));
        TrialStep step = TrialStep.of(run, trial, jobRepository, stores.transactionManager(), outage,
                settings.heartbeatInterval());
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobRepository);
        handler.setStepLocator(name -> step);
        JdbcTrialStore store = (JdbcTrialStore) session.store();
        ScheduledFuture<?> look = looks.scheduleWithFixedDelay(() -> lookAtManager(run, store,
                request.getStepExecutionId(), trial.id()), 0, LOOK_MILLIS, TimeUnit.MILLISECONDS);
        log.info("Trial {} of search '{}' taken (step execution {}).", trial.id(), taken.search(),
                request.getStepExecutionId());
        try {
            StepExecution ended = handler.handle(request);
            log.info("Trial {} of search '{}' ended {} on this worker.", trial.id(), taken.search(),
                    ended.getExitStatus().getExitCode());
        } finally {
            look.cancel(false);
            announceEnd(jobExecutionId, request.getStepExecutionId());
        }
    }

    private SearchSession open(String search) {
        TunerBuilder<?, ?> builder = definitions.get(search).tuner().get();
        builder.overwrite(false);
        return builder.openSession(stores.open(search));
    }

    /**
     * Stops {@code run}'s trials when their manager no longer holds the search (it was killed: running it again
     * resumes them) or asked them to stop.
     */
    private void lookAtManager(SearchRun run, JdbcTrialStore store, long stepExecutionId, String trialId) {
        try {
            List<Boolean> stop = jdbc.queryForList("select stop_requested from tb_trial_dispatch "
                    + "where step_execution_id = ?", Boolean.class, stepExecutionId);
            if (run.stopRequested()) {
                return;
            }
            if (!stop.isEmpty() && Boolean.TRUE.equals(stop.get(0))) {
                log.info("Trial {}: its manager is stopping; the trial stops at its next epoch boundary.", trialId);
                run.requestStop();
            } else if (!store.claimedElsewhere()) {
                log.warn("Trial {}: its manager no longer holds the search (it is gone); the trial stops at its next "
                        + "epoch boundary and resumes when the manager runs again.", trialId);
                run.requestStop();
            }
        } catch (RuntimeException e) {
            // the database is away: the trial's step rides the outage out, the next look tries again
        }
    }

    /** Announces the end of a step to its manager, which is waiting for it. */
    private void announceEnd(long jobExecutionId, long stepExecutionId) {
        try {
            outage.run("announce the end of step execution " + stepExecutionId,
                    () -> requests.send(TrialRequests.endsOf(jobExecutionId), stepExecutionId));
        } catch (RuntimeException e) {
            log.warn("Could not announce the end of step execution {} ({}); its manager sees it within a second.",
                    stepExecutionId, e.getMessage());
        }
    }

    /** Puts a request back for another worker and stops taking trials of its search. */
    private void refuse(Taken taken, RuntimeException why) {
        refused.add(taken.search());
        log.warn("Worker {} refuses trials of search '{}': {}. The trial goes to another worker.", identity,
                taken.search(), why.getMessage() == null ? "it cannot be opened"
                        : ExitDescriptions.firstLine(why.getMessage()));
        outage.run("give back a trial of " + taken.search(), () -> transactions.executeWithoutResult(tx -> {
            jdbc.update("update tb_trial_dispatch set taken_at = null, worker = null where step_execution_id = ?",
                    taken.request().getStepExecutionId());
            requests.send(TrialRequests.requestsOf(taken.search()), taken.request());
        }));
    }

    private static String trialIdOf(String stepName) {
        return stepName.substring(stepName.indexOf('-') + 1);
    }
}
