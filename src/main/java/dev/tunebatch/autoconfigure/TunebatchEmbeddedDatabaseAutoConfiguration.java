package dev.tunebatch.autoconfigure;

import dev.tunebatch.app.EmbeddedPostgresConfiguration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * The zero-configuration database: while {@code spring.datasource.url} is unset and the application declares no
 * {@link DataSource}, an embedded PostgreSQL in {@code tunebatch.embedded.data-dir} (default
 * {@code .tunebatch/postgres}). Off with {@code tunebatch.embedded.enabled=false}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(EmbeddedPostgres.class)
@ConditionalOnBooleanProperty(name = "tunebatch.embedded.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(DataSource.class)
@Import(EmbeddedPostgresConfiguration.class)
public class TunebatchEmbeddedDatabaseAutoConfiguration {
}
