package dev.tunebatch.app;

import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.testing.ChildJvm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No secret anywhere: the application runs the generative demo search in child JVMs with a database password and an
 * LM API key that are fresh random strings (the password really checked: a PostgreSQL of the test's own with
 * SCRAM authentication), while things fail on purpose (the endpoint refuses one call with 401, rate-limits, fails
 * and drops others; a second run is refused by the endpoint, a third cannot reach the database). Neither secret, nor
 * either half of it, appears in any line the children wrote (every logger at DEBUG), in any column of any
 * {@code tb_*}, {@code batch_*} or {@code lm_*} table (Base64 values decoded too), or in any file of the report
 * folder.
 */
class NoSecretsProcessTest {

    private static final String SEARCH = "generative-demo";
    private static final String OWNER = "tb_secret_owner";
    private static final String DATABASE = "tb_secrets";
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\r\\n]{16,}");

    @TempDir
    static Path work;

    private static EmbeddedPostgres postgres;
    private static String password;
    private static String apiKey;
    private static String url;

    @BeforeAll
    static void aDatabaseWhosePasswordIsChecked() throws Exception {
        SecureRandom random = new SecureRandom();
        password = "pg-" + hex(random, 16);
        apiKey = "sk-tb-" + hex(random, 20);
        postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres"))
                .setDataDirectoryCustomizer(dir -> scramFor(dir.toPath())).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + OWNER + " LOGIN");
            // hashed on this side: the plain password never reaches the server
            c.unwrap(PGConnection.class).alterUserPassword(OWNER, password.toCharArray(), "scram-sha-256");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
        }
        url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
        assertThatThrownBy(() -> DriverManager.getConnection(url, OWNER, "not-" + password).close())
                .as("the server checks the password").isInstanceOf(SQLException.class);
    }

    /** The superuser connects without a password (setup only); every other role must give its password. */
    private static void scramFor(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static ChildJvm app(String databaseUrl) {
        return ChildJvm.application(work).database(databaseUrl, OWNER, password);
    }

    private static String[] args(ScriptedLmServer server, String... more) {
        List<String> all = new ArrayList<>(List.of("run", SEARCH,
                "--tunebatch.lm.endpoints.local.base-url=" + server.openAiBaseUrl(),
                "--tunebatch.lm.endpoints.local.api-key=" + apiKey,
                "--tunebatch.lm.endpoints.local.retry.initial-backoff=50ms",
                "--logging.level.root=DEBUG", "--logging.level.dev.tunebatch=DEBUG"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** An endpoint that refuses the first chat, rate-limits the second, fails the third, drops the fourth. */
    private static ScriptedLmServer.Reply unreliable(ScriptedLmServer.Request request, AtomicInteger chats) {
        if (request.path().endsWith("/models")) {
            return ScriptedLmServer.raw(200, "{\"object\": \"list\", \"data\": [{\"id\": \"scripted-model\"}]}");
        }
        return switch (chats.getAndIncrement()) {
            case 0 -> ScriptedLmServer.status(401, null);
            case 1 -> ScriptedLmServer.status(429, "1");
            case 2 -> ScriptedLmServer.status(500, null);
            case 3 -> ScriptedLmServer.drop();
            default -> ScriptedLmServer.json(Json.object().put("label", "billing"), 40, 5);
        };
    }

    @Test
    void neitherTheDatabasePasswordNorTheApiKeyAppearsInLogsRowsOrReports() throws Exception {
        List<String> output = new ArrayList<>();
        AtomicInteger chats = new AtomicInteger();
        try (ScriptedLmServer server = ScriptedLmServer.start(r -> unreliable(r, chats), 3_000)) {
            ChildJvm.Result search = app(url).run(300, args(server, "--tunebatch.demo.generative.max-trials=2",
                    "--tunebatch.demo.seed=3"));
            output.add(search.toString());
            assertThat(search.exitCode()).as(search.toString()).isZero();
            assertThat(search.out()).contains("Search '" + SEARCH + "' finished.");
            String log = search.out() + search.err();
            assertThat(List.of("CLIENT_ERROR (HTTP 401)", "RATE_LIMITED (HTTP 429)", "SERVER_ERROR (HTTP 500)",
                    "IO: connection failed")).allSatisfy(failure -> assertThat(log.contains(failure))
                    .as("the failure %s was logged", failure).isTrue());
            assertThat(server.requests()).filteredOn(q -> q.path().endsWith("/chat/completions")).hasSizeGreaterThan(4)
                    .allSatisfy(q -> assertThat(q.authorization()).as("the key was used")
                            .isEqualTo("Bearer " + apiKey));

            server.script(r -> ScriptedLmServer.status(401, null));
            ChildJvm.Result refused = app(url).run(120, args(server));
            output.add(refused.toString());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(refused.errLines()).singleElement().asString()
                    .contains("tunebatch.lm.endpoints.local.api-key");

            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            ChildJvm.Result unreachable = app("jdbc:postgresql://127.0.0.1:" + closed + "/" + DATABASE)
                    .run(120, args(server));
            output.add(unreachable.toString());
            assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        }

        for (String text : output) {
            assertNoSecret("child output", text);
        }
        List<String> scanned = scanTables();
        assertThat(scanned).as("tables scanned").contains("tb_search", "tb_trial", "batch_job_execution",
                "batch_step_execution", "batch_step_execution_context", "lm_cost_ledger", "lm_response_cache");
        Path reports = work.resolve(".tunebatch").resolve("reports");
        assertThat(reports.resolve(SEARCH + ".html")).isRegularFile();
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertNoSecret(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** Scans every column of every tb_, batch_ and lm_ table; returns the tables that have rows. */
    private static List<String> scanTables() {
        DriverManagerDataSource ds = new DriverManagerDataSource(url, OWNER, password);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        List<Map<String, Object>> columns = jdbc.queryForList("SELECT table_name, column_name "
                + "FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND (table_name LIKE 'tb\\_%' OR table_name LIKE 'batch\\_%' OR table_name LIKE 'lm\\_%') "
                + "ORDER BY table_name, ordinal_position");
        assertThat(columns).isNotEmpty();
        List<String> withRows = new ArrayList<>();
        boolean readSearchName = false;
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            // identifiers from the catalog, quoted: nothing of the rows' content is spliced into SQL
            List<String> values = jdbc.queryForList("SELECT " + quote(name) + "::text FROM " + quote(table),
                    String.class);
            if (!values.isEmpty() && !withRows.contains(table)) {
                withRows.add(table);
            }
            for (String v : values) {
                assertNoSecret(table + "." + name, v);
                readSearchName |= v != null && v.contains(SEARCH);
            }
        }
        assertThat(readSearchName).as("the scan reads the stored text").isTrue();
        return withRows;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Fails naming where (part of) a secret was found, with the secret masked in the context shown. */
    private static void assertNoSecret(String where, String text) {
        if (text == null) {
            return;
        }
        List<String> decoded = new ArrayList<>();
        var m = BASE64.matcher(text);
        while (m.find()) {
            decoded.add(decode(m.group()));
        }
        for (String secret : List.of(password, apiKey)) {
            int half = secret.length() / 2;
            for (String part : List.of(secret, secret.substring(0, half), secret.substring(half))) {
                int at = text.indexOf(part);
                if (at >= 0) {
                    String context = text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 200))
                            .replace(part, "<SECRET>");
                    throw new AssertionError(where + " holds (part of) a secret: ..." + context + "...");
                }
                if (decoded.stream().anyMatch(d -> d.contains(part))) {
                    throw new AssertionError(where + " holds (part of) a secret in Base64");
                }
            }
        }
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }
}
