package dev.tunebatch.batch.launch;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.EngineSettings;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.SearchStores;
import dev.tunebatch.batch.remote.JdbcTrialRequests;
import dev.tunebatch.batch.remote.RemoteTrialSteps;
import dev.tunebatch.batch.remote.TrialRequests;
import dev.tunebatch.batch.remote.TrialWorker;
import dev.tunebatch.tuner.Tuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Remote execution in an application: the channels to workers in the application's PostgreSQL (opened on first use:
 * an application that neither manages nor works never opens them), the manager's step runners
 * ({@code tunebatch.engine.execution=remote}) and the worker of the {@code worker} command, which a shutdown (SIGTERM)
 * stops at its trials' next epoch boundary.
 */
public final class RemoteExecution implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteExecution.class);

    private final DataSource dataSource;
    private final JobRepository jobRepository;
    private final SearchStores stores;
    private final EngineSettings settings;
    private final Duration workerTimeout;
    private final int capacity;
    private final Duration stopTimeout;
    private TrialRequests requests;
    private volatile TrialWorker worker;
    private volatile CountDownLatch served;
    private volatile boolean running;

    public RemoteExecution(DataSource dataSource, JobRepository jobRepository, SearchStores stores,
                           EngineSettings settings, Duration workerTimeout, int capacity, Duration stopTimeout) {
        this.dataSource = dataSource;
        this.jobRepository = jobRepository;
        this.stores = stores;
        this.settings = settings;
        this.workerTimeout = workerTimeout;
        this.capacity = capacity;
        this.stopTimeout = stopTimeout;
    }

    /** A step runner for one launch of a managed search. */
    public RemoteTrialSteps manager() {
        return new RemoteTrialSteps(jobRepository, stores.dataSource(), stores.transactionManager(), requests(),
                workerTimeout);
    }

    /**
     * Serves the trials of {@code definitions} until the application shuts down.
     *
     * @throws dev.tunebatch.batch.DatabaseOutage.DatabaseUnavailableException when PostgreSQL stayed away too long
     */
    public void serve(List<SearchDefinition> definitions) throws InterruptedException {
        Map<String, SearchDefinition> byName = definitions.stream()
                .collect(Collectors.toMap(SearchDefinition::name, Function.identity()));
        TrialWorker w = new TrialWorker(byName, requests(), jobRepository, stores, settings, capacity,
                Tuner.thisProcess());
        served = new CountDownLatch(1);
        worker = w;
        try {
            w.serve();
        } finally {
            worker = null;
            served.countDown();
        }
    }

    /**
     * Carries the requests over {@code transport} instead of PostgreSQL (an application's own bean, e.g. on a
     * broker); it is closed with this.
     */
    public synchronized void setTransport(TrialRequests transport) {
        this.requests = transport;
    }

    private synchronized TrialRequests requests() {
        if (requests == null) {
            HikariDataSource hikari = unwrapHikari(dataSource);
            requests = hikari == null ? new JdbcTrialRequests(dataSource, null, null, null)
                    : new JdbcTrialRequests(dataSource, hikari.getJdbcUrl(), hikari.getUsername(),
                    hikari.getPassword());
            if (hikari == null) {
                log.info("The data source is not a Hikari pool: workers and managers poll for trials once a second "
                        + "instead of being notified.");
            }
        }
        return requests;
    }

    private static HikariDataSource unwrapHikari(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** On shutdown: the worker stops taking trials and waits, at most the stop timeout, for its trials to stop. */
    @Override
    public void stop() {
        TrialWorker w = worker;
        if (w != null) {
            log.warn("Shutting down: this worker's trials stop at their next epoch boundary and go back to their "
                    + "managers (up to {}).", stopTimeout);
            w.stop();
            try {
                if (!served.await(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The worker's trials did not stop within {}; their managers dispatch them again after "
                            + "the worker timeout.", stopTimeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return GracefulStopper.SHUTDOWN_PHASE;
    }

    @Override
    public synchronized void close() {
        if (requests != null) {
            requests.close();
            requests = null;
        }
    }
}
