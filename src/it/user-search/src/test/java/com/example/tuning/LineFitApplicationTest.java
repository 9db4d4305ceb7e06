package com.example.tuning;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the application as its users do — {@code list}, {@code run line-fit}, then again with no command — against
 * the test PostgreSQL ({@code TEST_PG_URL}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}, in a database of its
 * own) or, when that is unset, the starter's embedded PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class LineFitApplicationTest {

    private final String server = System.getenv("TEST_PG_URL");
    private final String user = System.getenv("TEST_PG_USER");
    private final String password = System.getenv("TEST_PG_PASSWORD");
    private final String database = "line_fit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Test
    void runsItsOwnSearchToTheEndAndASecondRunFindsItFinished(CapturedOutput output) throws SQLException {
        List<String> settings = databaseSettings();

        assertThat(run(settings, "list")).isZero();
        assertThat(output.getOut().lines()).as("only the application's own search, no demo").contains("line-fit")
                .doesNotContain("demo");

        int before = output.getOut().length();
        assertThat(run(settings, "run", "line-fit")).isZero();
        String first = output.getOut().substring(before);
        assertThat(first).contains("Running search 'line-fit' ...").contains("Search 'line-fit' finished.")
                .doesNotContain("already finished");

        before = output.getOut().length();
        assertThat(run(settings)).as("no command: the only declared search").isZero();
        assertThat(output.getOut().substring(before))
                .contains("Search 'line-fit' (run default) is already finished.")
                .doesNotContain("Running search");
    }

    private static int run(List<String> settings, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(settings);
        return SpringApplication.exit(SpringApplication.run(LineFitApplication.class, args.toArray(String[]::new)));
    }

    /** A fresh database on the test server, or the embedded PostgreSQL in a folder of this build. */
    private List<String> databaseSettings() throws SQLException {
        List<String> common = List.of("--tunebatch.report.dir=target/reports");
        if (server == null || server.isBlank()) {
            return concat(common, List.of("--tunebatch.embedded.data-dir=target/postgres-" + database));
        }
        try (Connection c = DriverManager.getConnection(server, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        int slash = server.indexOf('/', "jdbc:postgresql://".length());
        int query = server.indexOf('?', slash);
        String url = server.substring(0, slash + 1) + database + (query < 0 ? "" : server.substring(query));
        return concat(common, List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (server != null && !server.isBlank()) {
            try (Connection c = DriverManager.getConnection(server, user, password);
                 Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
