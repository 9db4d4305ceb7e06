package dev.tunebatch.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The search meters ({@link SearchMetrics}), registered on Boot's {@link MeterRegistry} for the searches stored at
 * start-up and for each search when it runs. Health (with the database, Boot's {@code DataSourceHealthIndicator}) and
 * the registry itself come from Spring Boot Actuator's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    SearchStatistics searchStatistics(DataSource dataSource) {
        return new SearchStatistics(dataSource);
    }

    @Bean
    SearchMetrics searchMetrics(MeterRegistry registry, SearchStatistics statistics) {
        return new SearchMetrics(registry, statistics);
    }

    @Bean
    SmartInitializingSingleton watchStoredSearches(SearchMetrics metrics) {
        return metrics::watchStoredSearches;
    }
}
