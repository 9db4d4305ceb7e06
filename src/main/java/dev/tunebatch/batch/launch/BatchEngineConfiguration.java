package dev.tunebatch.batch.launch;

import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.batch.SearchStores;
import dev.tunebatch.batch.remote.TrialRequests;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The batch engine's beans: the launcher (with every {@link SearchObserver} bean), the graceful stopper and the
 * inspector, on Boot's JobRepository. Each steps aside for a bean of its type that the application declares.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EngineProperties.class, WorkerProperties.class})
public class BatchEngineConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SearchLauncher searchLauncher(JobRepository jobRepository, JobOperator jobOperator, DataSource dataSource,
                                  PlatformTransactionManager transactionManager,
                                  ObjectProvider<SearchObserver> observers, EngineProperties engine,
                                  RemoteExecution remote) {
        SearchLauncher launcher = new SearchLauncher(jobRepository, jobOperator, dataSource, transactionManager,
                observers.orderedStream().toList(), engine.settings());
        if (engine.getExecution() == EngineProperties.Execution.REMOTE) {
            launcher.setStepRunners(remote::manager);
        }
        return launcher;
    }

    @Bean
    @ConditionalOnMissingBean
    RemoteExecution remoteExecution(DataSource dataSource, JobRepository jobRepository,
                                    PlatformTransactionManager transactionManager, EngineProperties engine,
                                    WorkerProperties worker, ObjectProvider<TrialRequests> transport,
                                    @Value("${tunebatch.shutdown.stop-timeout:25s}") Duration timeout) {
        RemoteExecution remote = new RemoteExecution(dataSource, jobRepository,
                new SearchStores(dataSource, transactionManager), engine.settings(), engine.getWorkerTimeout(),
                worker.getCapacity(), timeout);
        transport.ifAvailable(remote::setTransport);
        return remote;
    }

    @Bean
    @ConditionalOnMissingBean
    GracefulStopper gracefulStopper(SearchLauncher launcher,
                                    @Value("${tunebatch.shutdown.stop-timeout:25s}") Duration timeout) {
        return new GracefulStopper(launcher, timeout);
    }

    @Bean
    @ConditionalOnMissingBean
    SearchInspector searchInspector(DataSource dataSource, EngineProperties engine) {
        return new SearchInspector(dataSource, engine.settings().heartbeatInterval());
    }
}
