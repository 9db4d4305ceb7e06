package dev.tunebatch.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A PostgreSQL server that one test owns: embedded (zonky's binaries from Maven Central), on a port of its own, with its
 * data kept across {@link #stop()} and {@link #start()} so that a test can restart it, or keep it down for a while,
 * under a running search, as an operator or a failover would. {@link #close()} stops it and deletes its data.
 */
public final class OwnedPostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private OwnedPostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a new server whose data lives in a fresh directory under {@code parent}. */
    public static OwnedPostgres start(Path parent) {
        try {
            OwnedPostgres pg = new OwnedPostgres(Files.createTempDirectory(parent, "owned-pg-"), freePort());
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare a PostgreSQL of the test's own", e);
        }
    }

    /** Starts the server (again) on the same port and data. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("max_connections", "100").start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the test's PostgreSQL on port " + port, e);
        }
    }

    /** Stops the server (a fast shutdown: sessions are terminated, as in a restart or failover). */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the test's PostgreSQL on port " + port, e);
        } finally {
            server = null;
        }
    }

    /** Stops and starts the server. */
    public void restart() {
        stop();
        start();
    }

    /** A new database, migrated by Flyway; returns its JDBC URL (user postgres, no password). */
    public String createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        TestDatabase.migrate(dataSource(name));
        return url(name);
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String url(String name) {
        return "jdbc:postgresql://localhost:" + port + "/" + name;
    }

    /** A data source without a pool, for a test's own look at a database of this server. */
    public DataSource dataSource(String name) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(url(name));
        ds.setUser("postgres");
        ds.setPassword("");
        return ds;
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the test's own @TempDir cleans up the rest
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
