package dev.tunebatch.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.app.failure.ServiceUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The zero-configuration database: an embedded PostgreSQL whose data lives in {@code .tunebatch/postgres} of the
 * working directory, so that running the same command again resumes. Setting {@code spring.datasource.url} (or
 * {@code SPRING_DATASOURCE_URL}) switches to an external PostgreSQL and this configuration steps aside.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${tunebatch.embedded.data-dir:.tunebatch/postgres}") Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new ServiceUnavailableException("Could not start the embedded PostgreSQL in "
                    + dataDir.toAbsolutePath() + ": " + e.getMessage() + ". Remove a stale lock (postmaster.pid) if no "
                    + "tunebatch runs, or set spring.datasource.url to an external PostgreSQL.", e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(8);
        ds.setPoolName("tunebatch-embedded");
        return ds;
    }
}
