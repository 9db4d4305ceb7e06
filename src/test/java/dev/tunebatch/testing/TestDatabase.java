package dev.tunebatch.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Real PostgreSQL for tests: {@code TEST_PG_URL}/{@code TEST_PG_USER}/{@code TEST_PG_PASSWORD} when set, else a
 * Testcontainers PostgreSQL when a Docker engine answers, else an embedded PostgreSQL; one INFO line says which. Every
 * call creates a database of its own, migrated by Flyway, so test classes never see each other's rows.
 */
public final class TestDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);

    /** Where to reach a server and as whom. */
    public record Server(String url, String user, String password) {
    }

    private static Server server;

    private TestDatabase() {
    }

    /** The shared server, started on first use. */
    public static synchronized Server server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static Server start() {
        String url = System.getenv("TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            LOG.info("Tests use the PostgreSQL server of TEST_PG_URL");
            return new Server(url, System.getenv("TEST_PG_USER"), System.getenv("TEST_PG_PASSWORD"));
        }
        Optional<String> docker = DockerEngine.answering();
        if (docker.isPresent() && dockerAvailable()) {
            LOG.info("Tests use a Testcontainers PostgreSQL: TEST_PG_URL is unset and a Docker engine answers at {}",
                    docker.get());
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        LOG.info("Tests use an embedded PostgreSQL: TEST_PG_URL is unset and {}", docker.isPresent()
                ? "Testcontainers cannot use the Docker engine at " + docker.get()
                : "no Docker engine answers (DOCKER_HOST, ~/.testcontainers.properties, the usual sockets)");
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL for the tests", e);
        }
    }

    /** Testcontainers' own check, asked only once a Docker engine answered, since it logs errors when none does. */
    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A new empty database, migrated; its name starts with {@code purpose}. */
    public static HikariDataSource create(String purpose) {
        Server s = server();
        String name = "tb_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + s.url() + ": "
                    + e.getMessage(), e);
        }
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(withDatabase(s.url(), name));
        ds.setUsername(s.user());
        ds.setPassword(s.password());
        ds.setMaximumPoolSize(6);
        ds.setMinimumIdle(0);
        ds.setIdleTimeout(10_000);
        ds.setPoolName(name);
        migrate(ds);
        return ds;
    }

    /** Points a Spring test context's {@code spring.datasource} at {@code db}. */
    public static void register(DynamicPropertyRegistry registry, HikariDataSource db) {
        registry.add("spring.datasource.url", db::getJdbcUrl);
        registry.add("spring.datasource.username", db::getUsername);
        registry.add("spring.datasource.password", db::getPassword);
    }

    // The one set-up of a Spring application's database in tests: the schema, then spring.datasource.

    /** Migrates the database of {@code db} to the application's schema, as the application's Flyway does. */
    public static void migrate(DataSource db) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    }

    /** The {@code spring.datasource} properties of an application started in this JVM on {@code db}. */
    public static String[] springProperties(HikariDataSource db) {
        return new String[] {"spring.datasource.url=" + db.getJdbcUrl(), "spring.datasource.username="
                + db.getUsername(), "spring.datasource.password=" + (db.getPassword() == null ? "" : db.getPassword())};
    }

    /** The JDBC URL of another database on the same server. */
    public static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }
}
