package dev.tunebatch.batch;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine with successive halving, killed with SIGKILL between epochs in child JVMs and run again: every trial
 * ends as in an uninterrupted run (same status, score, reason and intermediate values), and the interrupted epoch is
 * trained again from the last committed checkpoint.
 */
class EnginePruningKillTest {

    @TempDir
    static Path dir;

    private static HikariDataSource db;
    private static JdbcTemplate jdbc;
    private static Map<String, Object> reference;

    @BeforeAll
    static void uninterruptedReference() throws Exception {
        db = (HikariDataSource) TestDatabase.create("pruning_kill");
        jdbc = new JdbcTemplate(db);
        Process p = child("asha-reference", "none", dir.resolve("reference.log"));
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        reference = summary("asha-reference");
        assertThat(reference).hasSize(8);
        assertThat(reference.values().toString()).contains("STOPPED").contains("COMPLETED");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({
            "end:1:2,   2",
            "end:4:0,   0",
            "end:4:1,   1",
            "begin:6:1, 1",
    })
    void aKilledSearchPrunesAsAnUninterruptedOne(String killPoint, int resumedEpoch) throws Exception {
        String search = "asha-" + killPoint.replace(':', '-');
        Path log = dir.resolve(search + ".log");
        Process p = child(search, killPoint, log);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("READY"));
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String interrupted = Files.readAllLines(log).stream().filter(l -> l.startsWith("fit ")).reduce((a, b) -> b)
                .map(l -> l.split(" ")[1]).orElseThrow();
        Files.delete(log);

        Process again = child(search, "none", log);
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        assertThat(summary(search)).isEqualTo(reference);
        assertThat(Files.readAllLines(log).stream().filter(l -> l.startsWith("epoch-begin " + interrupted + " "))
                .findFirst()).contains("epoch-begin " + interrupted + " " + resumedEpoch);
    }

    /** Per trial id: status, values, score, reason and intermediate values. */
    private static Map<String, Object> summary(String search) {
        Map<String, Object> out = new LinkedHashMap<>();
        jdbc.query("select trial_id, status, score, document->'hyperparameters'->'values', document->>'message', "
                + "document->'intermediate_values' from tb_trial where search_name = ? order by trial_id", rs -> {
            out.put(rs.getString(1), List.of(rs.getString(2), rs.getDouble(3), rs.getString(4),
                    String.valueOf(rs.getString(5)), rs.getString(6)));
        }, search);
        return out;
    }

    private static Process child(String search, String kill, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), BatchChildApplication.class.getName(), db.getJdbcUrl(),
                db.getUsername(), db.getPassword() == null ? "" : db.getPassword(), search, kill, log.toString(),
                "0", "run", search));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(search + "-" + System.nanoTime() + ".out").toFile()).start();
    }
}
