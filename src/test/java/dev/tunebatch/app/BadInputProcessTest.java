package dev.tunebatch.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.ExitCodes;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input, in child JVMs against a database that holds a finished demo search: an unknown search, invalid settings,
 * an unreachable database and a malformed dataset each end with one line on standard error naming the fix and the
 * right exit code, and leave every stored row as it was.
 */
class BadInputProcessTest {

    @TempDir
    static Path work;

    private static HikariDataSource db;
    private static ChildApp app;
    private static List<String> stored;

    @BeforeAll
    static void aFinishedDemoSearch() throws Exception {
        db = (HikariDataSource) TestDatabase.create("badinput");
        app = new ChildApp(work).env("SPRING_DATASOURCE_URL", db.getJdbcUrl())
                .env("SPRING_DATASOURCE_USERNAME", db.getUsername())
                .env("SPRING_DATASOURCE_PASSWORD", db.getPassword() == null ? "" : db.getPassword());
        ChildApp.Result demo = app.run(300, "run", "demo", "--tunebatch.demo.max-trials=2",
                "--tunebatch.demo.epochs=1");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        stored = snapshot();
        assertThat(stored).anyMatch(r -> r.startsWith("trial demo 1 COMPLETED"));
    }

    @AfterEach
    void nothingStoredChanged() {
        assertThat(snapshot()).isEqualTo(stored);
    }

    @AfterAll
    static void statusStillShowsTheSameSearch() throws Exception {
        ChildApp.Result status = app.run(120, "status", "demo");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("Trials: 2, COMPLETED 2");
        db.close();
    }

    @Test
    void anUnknownSearchIsAUsageErrorListingTheKnownOnes() throws Exception {
        ChildApp.Result r = app.run(120, "run", "nightly-router");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString()
                .contains("Unknown search 'nightly-router'. Known searches: demo.");
    }

    @Test
    void anInvalidSettingNamesThePropertyTheValueAndTheFix() throws Exception {
        ChildApp.Result r = app.run(120, "--tunebatch.demo.max-trials=0");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("tunebatch: Invalid setting: tunebatch.demo.max-trials=0")
                .contains("must be at least 1, e.g. 10");
        assertThat(r.out()).isBlank();
    }

    @Test
    void aDefaultSearchThatDoesNotExistIsAConfigurationError() throws Exception {
        ChildApp.Result r = app.run(120, "--tunebatch.default-search=nightly");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("tunebatch: tunebatch.default-search=nightly: no search has this name; known searches: "
                        + "demo. Name one of them, or declare a SearchDefinition bean named 'nightly'.");
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExit69() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ChildApp.Result r = app.run(120, "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closed + "/x");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("tunebatch: The database at jdbc:postgresql://127.0.0.1:" + closed + "/x is unreachable")
                .contains("fix spring.datasource.url");
        assertThat(r.out()).isBlank();
    }

    @Test
    void aMalformedDatasetNamesTheFileAndTheLine() throws Exception {
        Path data = Files.write(work.resolve("intents.jsonl"), List.of(
                "{\"text\": \"where is my parcel\", \"label\": \"shipping\", \"split\": \"train\"}",
                "{\"text\": \"refund me\", \"label\": \"refund\", \"split\": \"train\"}",
                "{\"text\": \"I want my money back\", \"label\": \"refund\", \"split\": \"tset\"}"));

        ChildApp.Result r = app.run(120, "--tunebatch.demo.dataset=" + data);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("tunebatch: tunebatch.demo.dataset=" + data + ": " + data + ":3: \"split\" 'tset' must be "
                        + "train, validation or test.");
    }

    private static List<String> snapshot() {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        List<String> rows = new ArrayList<>();
        jdbc.query("select search_name, revision, oracle_state::text from tb_search order by search_name",
                rs -> {
                    rows.add("search " + rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3));
                });
        jdbc.query("select search_name, trial_id, status, score, document::text, updated_at from tb_trial "
                + "order by search_name, trial_id", rs -> {
                    rows.add("trial " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getDouble(4) + " " + rs.getString(5) + " " + rs.getTimestamp(6));
                });
        jdbc.query("select search_name, trial_id, epoch, updated_at from tb_checkpoint order by 1, 2", rs -> {
            rows.add("checkpoint " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " "
                    + rs.getTimestamp(4));
        });
        jdbc.query("select job_execution_id, status, exit_code, version from batch_job_execution order by 1", rs -> {
            rows.add("job " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getInt(4));
        });
        jdbc.query("select step_execution_id, step_name, status, version from batch_step_execution order by 1",
                rs -> {
                    rows.add("step " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                            + rs.getInt(4));
                });
        return rows;
    }
}
