package dev.tunebatch.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kind of bad input the application can be given — command line, settings, LM endpoints, paths, database URL
 * and credentials, a busy search — each in a child JVM of the real application, against a database that holds a
 * finished demo search. Each ends with its documented exit code and exactly one line on standard error, starting with
 * {@code tunebatch:}, naming what is wrong and the fix; standard output stays empty, no stack trace is printed, and
 * every stored row (all tables) and every file the application keeps are left as they were.
 *
 * <p>Rows run two children at a time (the table is long and each child starts Spring); the database and the files
 * are compared after each pair, and all rows but the busy one change nothing whichever pair they ran in.
 */
class BadInputProcessTest {

    /** Children started at once. */
    private static final int PARALLEL = 2;

    /**
     * One bad input.
     *
     * @param name       what it is, for the report
     * @param exit       the documented exit code
     * @param says       what the single line must contain (the setting or argument, its value, the fix)
     * @param args       the command line
     * @param holdsClaim whether the test holds the search's claim meanwhile (another live process)
     */
    record Row(String name, int exit, List<String> says, List<String> args, boolean holdsClaim) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** How a row ended, and what was stored and kept once it (and the row run beside it) had ended. */
    private record Outcome(ChildJvm.Result result, List<String> storedAfter, List<String> filesAfter) {
    }

    private static Path work;
    private static HikariDataSource db;
    private static ChildJvm app;
    private static List<String> stored;
    private static List<String> files;
    private static List<Row> rows;
    private static final Map<Row, Outcome> outcomes = new LinkedHashMap<>();

    @BeforeAll
    static void aFinishedDemoSearchThenEveryBadInput() throws Exception {
        db = TestDatabase.create("badinput");
        app = ChildJvm.application(work()).database(db.getJdbcUrl(), db.getUsername(), db.getPassword());
        ChildJvm.Result demo = app.run(300, "run", "demo", "--tunebatch.demo.max-trials=2",
                "--tunebatch.demo.epochs=1");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        stored = snapshot();
        files = files();
        assertThat(stored).anyMatch(r -> r.startsWith("tb_trial") && r.contains("COMPLETED"));
        assertThat(files).anyMatch(f -> f.contains("demo.html"));

        List<Row> alone = rows().stream().filter(Row::holdsClaim).toList();
        List<Row> together = rows().stream().filter(r -> !r.holdsClaim()).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            for (int i = 0; i < together.size(); i += PARALLEL) {
                List<Row> pair = together.subList(i, Math.min(together.size(), i + PARALLEL));
                List<Future<ChildJvm.Result>> running = new ArrayList<>();
                for (Row row : pair) {
                    running.add(pool.submit(() -> app.run(180, row.args().toArray(String[]::new))));
                }
                List<ChildJvm.Result> results = new ArrayList<>();
                for (Future<ChildJvm.Result> r : running) {
                    results.add(r.get());
                }
                List<String> storedAfter = snapshot();
                List<String> filesAfter = files();
                for (int j = 0; j < pair.size(); j++) {
                    outcomes.put(pair.get(j), new Outcome(results.get(j), storedAfter, filesAfter));
                }
            }
        }
        for (Row row : alone) {
            try (Connection other = db.getConnection(); Statement st = other.createStatement()) {
                st.execute("select pg_advisory_lock(hashtextextended('demo', 1))");
                ChildJvm.Result result = app.run(180, row.args().toArray(String[]::new));
                st.execute("select pg_advisory_unlock_all()");
                outcomes.put(row, new Outcome(result, snapshot(), files()));
            }
        }
    }

    @AfterAll
    static void statusStillShowsTheSameSearch() throws Exception {
        try {
            ChildJvm.Result status = app.run(120, "status", "demo");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out()).contains("Trials: 2, COMPLETED 2");
        } finally {
            db.close();
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badInputEndsWithItsExitCodeAndOneLineAndChangesNothing(Row row) {
        if (row.name().startsWith("wrong password")) {
            assumeTrue(serverChecksPasswords(), "this PostgreSQL accepts any password (trust authentication)");
        }
        Outcome outcome = outcomes.get(row);
        ChildJvm.Result r = outcome.result();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(row.exit());
        assertThat(r.errLines()).as(r.toString()).singleElement().asString().startsWith("tunebatch: ")
                .contains(row.says());
        assertThat(r.out()).as(r.toString()).isBlank();
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("\tat ", "Exception", "Caused by");
        assertThat(outcome.storedAfter()).as("every table after " + row).isEqualTo(stored);
        assertThat(outcome.filesAfter()).as("the files under .tunebatch after " + row).isEqualTo(files);
    }

    /** The table: at least 40 bad inputs of every kind the README lists. */
    static synchronized List<Row> rows() throws IOException {
        if (rows != null) {
            return rows;
        }
        Path file = Files.writeString(work().resolve("a-file"), "not a folder");
        Path dataset = Files.write(work.resolve("intents.jsonl"), List.of(
                "{\"text\": \"where is my parcel\", \"label\": \"shipping\", \"split\": \"train\"}",
                "{\"text\": \"refund me\", \"label\": \"refund\", \"split\": \"train\"}",
                "{\"text\": \"I want my money back\", \"label\": \"refund\", \"split\": \"tset\"}"));
        int closed = closedPort();
        String endpoint = "--tunebatch.lm.endpoints.local.base-url=http://127.0.0.1:" + closed + "/v1";
        String longKey = "k".repeat(390);
        List<Row> all = new ArrayList<>();
        int usage = ExitCodes.USAGE;
        int config = ExitCodes.CONFIG;

        // the command line: exit 64
        all.add(row("unknown command", usage, List.of("Unknown command 'frobnicate'.", "Usage: run <search>"),
                "frobnicate", "demo"));
        all.add(row("unknown search", usage, List.of("Unknown search 'nightly-router'. Known searches: demo."),
                "run", "nightly-router"));
        all.add(row("search never stored", usage, List.of("No search named 'never-ran' is stored",
                "run it first (run never-ran)"), "status", "never-ran"));
        all.add(row("missing search", usage, List.of("Name a search: results <search>."), "results"));
        all.add(row("extra argument", usage, List.of("Unexpected argument 'extra'", "run takes one search"),
                "run", "demo", "extra"));
        all.add(row("argument to list", usage, List.of("list takes no argument; remove 'demo'."), "list", "demo"));
        all.add(row("unknown search for worker", usage, List.of("Unknown search 'nightly-router'. Known searches: "
                + "demo."), "worker", "demo", "nightly-router"));
        all.add(row("--top=abc", usage, List.of("--top=abc is not a whole number from 1 to 10000",
                "pass e.g. --top=10"), "results", "demo", "--top=abc"));
        all.add(row("--top=-1", usage, List.of("--top=-1 is not a whole number"), "results", "demo", "--top=-1"));
        all.add(row("--top=0", usage, List.of("--top=0 is not a whole number"), "results", "demo", "--top=0"));
        all.add(row("--top=99999999999", usage, List.of("--top=99999999999 is not a whole number"),
                "results", "demo", "--top=99999999999"));
        all.add(row("--top without a value", usage, List.of("--top= is not a whole number"),
                "results", "demo", "--top"));
        all.add(row("--top on run", usage, List.of("--top applies to results only, not to run"),
                "run", "demo", "--top=3"));
        all.add(row("--run-key on status", usage, List.of("--run-key applies to run only, not to status"),
                "status", "demo", "--run-key=x"));
        all.add(row("misspelt option", usage, List.of("Unknown option '--run_key'", "--run-key=KEY"),
                "run", "demo", "--run_key=2026-11-29"));
        all.add(row("empty run key", usage, List.of("--run-key= is empty", "pass e.g. --run-key=2026-11-29"),
                "run", "demo", "--run-key="));
        all.add(row("run key of 390 characters", usage, List.of("characters) is 390 characters long, more than "
                + "200"), "run", "demo", "--run-key=" + longKey));
        all.add(row("run key with a slash", usage, List.of("--run-key=nightly/1 may hold only letters, digits"),
                "run", "demo", "--run-key=nightly/1"));

        // tunebatch.* settings: exit 78
        all.add(row("max-trials=0", config, List.of("tunebatch.demo.max-trials=0", "must be at least 1, e.g. 10"),
                "--tunebatch.demo.max-trials=0"));
        all.add(row("max-trials=ten", config, List.of("tunebatch.demo.max-trials=ten", "give a whole number"),
                "--tunebatch.demo.max-trials=ten"));
        all.add(row("epochs=99", config, List.of("tunebatch.demo.epochs=99", "must be at most 20"),
                "--tunebatch.demo.epochs=99"));
        all.add(row("seed=abc", config, List.of("tunebatch.demo.seed=abc", "give a whole number"),
                "status", "demo", "--tunebatch.demo.seed=abc"));
        all.add(row("generative max-trials=0", config, List.of("tunebatch.demo.generative.max-trials=0",
                "must be at least 1"), "--tunebatch.demo.generative.max-trials=0"));
        all.add(row("malformed dataset", config, List.of("tunebatch.demo.dataset=" + dataset + ": " + dataset
                + ":3: \"split\" 'tset' must be train, validation or test."), "--tunebatch.demo.dataset=" + dataset));
        all.add(row("missing dataset", config, List.of("tunebatch.demo.dataset=" + work.resolve("none.jsonl"),
                "no such file"), "--tunebatch.demo.dataset=" + work.resolve("none.jsonl")));
        all.add(row("unknown default search", config, List.of("tunebatch.default-search=nightly: no search has "
                + "this name; known searches: demo."), "--tunebatch.default-search=nightly"));
        all.add(row("unknown scheduled search", config, List.of("tunebatch.schedule.search=nightly: no search "
                + "has this name"), "status", "demo", "--tunebatch.schedule.search=nightly"));
        all.add(row("stop-timeout=0s", config, List.of("tunebatch.shutdown.stop-timeout=0s", "at least 1s"),
                "--tunebatch.shutdown.stop-timeout=0s"));
        all.add(row("cli.enabled=maybe", config, List.of("tunebatch.cli.enabled=maybe", "give true or false"),
                "--tunebatch.cli.enabled=maybe"));
        all.add(row("engine.execution=bogus", config, List.of("tunebatch.engine.execution=bogus",
                "give one of in-process, remote"), "--tunebatch.engine.execution=bogus"));
        all.add(row("worker-timeout below three heartbeats", config, List.of("tunebatch.engine.worker-timeout=1s",
                "must be at least three heartbeat intervals"), "--tunebatch.engine.worker-timeout=1s"));
        all.add(row("worker.capacity=0", config, List.of("tunebatch.worker.capacity=0", "must be from 1 to 1000"),
                "worker", "--tunebatch.worker.capacity=0"));
        all.add(row("cron=bogus", config, List.of("tunebatch.schedule.cron=bogus", "is not a cron expression"),
                "--tunebatch.schedule.cron=bogus"));
        all.add(row("zone=Mars/Olympus", config, List.of("tunebatch.schedule.zone=Mars/Olympus",
                "is not a time zone"), "--tunebatch.schedule.zone=Mars/Olympus"));
        all.add(row("run-key-pattern with a space", config, List.of("tunebatch.schedule.run-key-pattern=yyyy-MM-dd "
                + "HH:mm", "makes run keys such as 'scheduled-2024-01-01 23:59'"),
                "--tunebatch.schedule.run-key-pattern=yyyy-MM-dd HH:mm"));
        all.add(row("trials-per-run=0", config, List.of("tunebatch.schedule.trials-per-run=0", "at least 1"),
                "--tunebatch.schedule.trials-per-run=0"));
        all.add(row("on-search-end=maybe", config, List.of("tunebatch.report.on-search-end=maybe",
                "give true or false"), "status", "demo", "--tunebatch.report.on-search-end=maybe"));
        all.add(row("report dir under a file (report)", config, List.of("tunebatch.report.dir=" + file + "/x",
                "cannot be a folder: " + file + " is a file"), "report", "demo", "--tunebatch.report.dir=" + file
                + "/x"));
        all.add(row("report dir under a file (run)", config, List.of("tunebatch.report.dir=" + file + "/x"),
                "run", "demo", "--tunebatch.report.dir=" + file + "/x"));
        all.add(row("report dir that cannot be created (report)", config, List.of("Could not write the report of "
                + "search 'demo' to /proc/tunebatch-reports/demo.html", "set tunebatch.report.dir to one that is"),
                "report", "demo", "--tunebatch.report.dir=/proc/tunebatch-reports"));
        all.add(row("data dir under a file", config, List.of("tunebatch.embedded.data-dir=" + file + "/x",
                "cannot be a folder"), "status", "demo", "--spring.datasource.url=embedded",
                "--tunebatch.embedded.data-dir=" + file + "/x"));

        // LM endpoints and prices: exit 78 at start-up, whatever the command
        all.add(row("provider=grpc", config, List.of("tunebatch.lm.endpoints.local.provider=grpc",
                "give openai", "or ollama"), "run", "generative-demo", endpoint,
                "--tunebatch.lm.endpoints.local.provider=grpc"));
        all.add(row("base-url without a scheme", config, List.of("tunebatch.lm.endpoints.local.base-url="
                + "localhost:8000/v1", "has no http:// or https:// scheme", "e.g. http://localhost:8000/v1"),
                "run", "generative-demo", "--tunebatch.lm.endpoints.local.base-url=localhost:8000/v1"));
        all.add(row("base-url ftp://", config, List.of("tunebatch.lm.endpoints.local.base-url=ftp://host/v1",
                "has the scheme ftp, not http or https"), "--tunebatch.lm.endpoints.local.base-url=ftp://host/v1"));
        all.add(row("base-url unset", config, List.of("tunebatch.lm.endpoints.local.base-url (unset)",
                "must be set"), "--tunebatch.lm.endpoints.local.provider=openai"));
        all.add(row("max-concurrency=-1", config, List.of("tunebatch.lm.endpoints.local.max-concurrency=-1",
                "must be from 1 to 1024"), "run", "generative-demo", endpoint,
                "--tunebatch.lm.endpoints.local.max-concurrency=-1"));
        all.add(row("retry.max-attempts=0", config, List.of("tunebatch.lm.endpoints.local.retry.max-attempts=0",
                "must be from 1 (no retry)"), "run", "generative-demo", endpoint,
                "--tunebatch.lm.endpoints.local.retry.max-attempts=0"));
        all.add(row("retry.multiplier=0.5", config, List.of("tunebatch.lm.endpoints.local.retry.multiplier=0.5",
                "at least 1"), endpoint, "--tunebatch.lm.endpoints.local.retry.multiplier=0.5"));
        all.add(row("timeout=abc", config, List.of("tunebatch.lm.endpoints.local.timeout=abc", "give a duration"),
                endpoint, "--tunebatch.lm.endpoints.local.timeout=abc"));
        all.add(row("negative price", config, List.of("tunebatch.lm.prices.qwen.input-per-million=-1",
                "0 or more"), "--tunebatch.lm.prices.qwen.input-per-million=-1"));
        all.add(row("generative endpoint not configured", config, List.of("tunebatch.demo.generative.endpoint="
                + "remote: no LM endpoint has this name"), "run", "generative-demo", endpoint,
                "--tunebatch.demo.generative.endpoint=remote"));

        // the database: 78 for a wrong setting, 69 when it does not answer
        all.add(row("datasource url postgres://", config, List.of("spring.datasource.url=postgres://127.0.0.1/x",
                "needs the prefix jdbc:postgresql://"), "--spring.datasource.url=postgres://u:pw@127.0.0.1/x"));
        all.add(row("datasource url of MySQL", config, List.of("spring.datasource.url=jdbc:mysql://127.0.0.1/x",
                "is not a PostgreSQL JDBC URL"), "--spring.datasource.url=jdbc:mysql://127.0.0.1/x"));
        all.add(row("datasource url empty", config, List.of("spring.datasource.url=: is empty"),
                "--spring.datasource.url="));
        all.add(row("datasource url with a bad port", config, List.of("spring.datasource.url=jdbc:postgresql://"
                + "127.0.0.1:port/x", "is not a valid PostgreSQL JDBC URL"),
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:port/x"));
        all.add(row("wrong password", config, List.of("refused these credentials", "set spring.datasource.username "
                + "and spring.datasource.password"), "--spring.datasource.password=not-the-password"));
        all.add(row("missing database", config, List.of("no such database", "create it or name an existing one"),
                "--spring.datasource.url=" + TestDatabase.withDatabase(TestDatabase.server().url(), "tb_no_such_db")));
        all.add(row("unreachable database", ExitCodes.UNAVAILABLE, List.of("The database at jdbc:postgresql://"
                + "127.0.0.1:" + closed + "/x is unreachable", "fix spring.datasource.url"),
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closed + "/x"));

        // services and other processes
        all.add(row("unreachable LM endpoint", ExitCodes.UNAVAILABLE, List.of("LM endpoint 'local' at "
                + "http://127.0.0.1:" + closed + "/v1/models is unreachable", "fix tunebatch.lm.endpoints.local"
                + ".base-url"), "run", "generative-demo", endpoint));
        all.add(new Row("another live process runs the search", ExitCodes.BUSY, List.of("Another live process is "
                + "running PostgreSQL search 'demo'"), List.of("run", "demo", "--run-key=2026-11-29"), true));
        rows = List.copyOf(all);
        return rows;
    }

    private static Row row(String name, int exit, List<String> says, String... args) {
        return new Row(name, exit, says, List.of(args), false);
    }

    private static synchronized Path work() throws IOException {
        if (work == null) {
            work = Files.createTempDirectory("tunebatch-badinput");
        }
        return work;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether the test server refuses a wrong password (it does not under trust authentication). */
    private static boolean serverChecksPasswords() {
        try (Connection ignored = DriverManager.getConnection(db.getJdbcUrl(), db.getUsername(), "not-the-password")) {
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    /** Every row of every table of the schema, as text, table by table. */
    private static List<String> snapshot() {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        List<String> tables = jdbc.queryForList("select table_name from information_schema.tables where "
                + "table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name", String.class);
        assertThat(tables).contains("tb_search", "tb_trial", "tb_search_owner", "batch_job_execution",
                "batch_step_execution", "lm_cost_ledger");
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(jdbc.queryForList("select '" + table + " ' || t::text from \"" + table + "\" t order by 1",
                    String.class));
        }
        return rows;
    }

    /** The files the application keeps under the working directory ({@code .tunebatch/}), with size and time. */
    private static List<String> files() {
        Path kept = work.resolve(".tunebatch");
        try (Stream<Path> all = Files.walk(kept)) {
            return all.map(p -> {
                try {
                    return kept.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
