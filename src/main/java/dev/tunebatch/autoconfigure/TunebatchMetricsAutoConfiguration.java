package dev.tunebatch.autoconfigure;

import dev.tunebatch.observability.ObservabilityConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * The search meters ({@code tunebatch.*}) on the application's {@link MeterRegistry}, when Micrometer is configured
 * (Spring Boot Actuator); health with the database comes from Actuator itself. Off with
 * {@code tunebatch.metrics.enabled=false}.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"},
        after = TunebatchEmbeddedDatabaseAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, DataSource.class})
@ConditionalOnBooleanProperty(name = "tunebatch.metrics.enabled", matchIfMissing = true)
@Import(ObservabilityConfiguration.class)
public class TunebatchMetricsAutoConfiguration {
}
