package dev.tunebatch.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.push.PushMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The search meters ({@link SearchMetrics}), registered on Boot's {@link MeterRegistry} for the searches stored at
 * start-up and for each search when it runs. Health (with the database, Boot's {@code DataSourceHealthIndicator}) and
 * the registry itself come from Spring Boot Actuator's auto-configuration; with OTLP export on, {@link MetricsFlush}
 * pushes the meters one last time when the application closes.
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
    MetricsFlush metricsFlush(ObjectProvider<PushMeterRegistry> pushRegistries) {
        return new MetricsFlush(pushRegistries.orderedStream().toList());
    }

    @Bean
    SmartInitializingSingleton watchStoredSearches(SearchMetrics metrics) {
        return metrics::watchStoredSearches;
    }
}
