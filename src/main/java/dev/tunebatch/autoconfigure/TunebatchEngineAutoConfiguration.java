package dev.tunebatch.autoconfigure;

import dev.tunebatch.app.config.SettingsConfiguration;
import dev.tunebatch.app.failure.DatabaseCheck;
import dev.tunebatch.app.SettingsFirst;
import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

/**
 * The engine on Spring Batch's {@link JobRepository}: the launcher (with every {@code SearchObserver} bean), the
 * graceful stop on shutdown ({@code tunebatch.shutdown.stop-timeout}) and the inspector; the validated
 * {@code tunebatch.*} settings, checked — with the database URL — before any {@code DataSource} exists, and a first
 * connection that turns an unreachable database into one line. Off with {@code tunebatch.engine.enabled=false}.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration"})
@ConditionalOnClass(JobRepository.class)
@ConditionalOnBooleanProperty(name = "tunebatch.engine.enabled", matchIfMissing = true)
@Import({SettingsConfiguration.class, SettingsFirst.class, DatabaseCheck.class, BatchEngineConfiguration.class})
public class TunebatchEngineAutoConfiguration {
}
