package dev.tunebatch.batch;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.ChildJvm;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
        db = TestDatabase.create("pruning_kill");
        jdbc = new JdbcTemplate(db);
        ChildJvm.Running p = child("asha-reference", "none", dir.resolve("reference.log"));
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
        ChildJvm.Running p = child(search, killPoint, log);
        try {
            ChildJvm.awaitText(log, Duration.ofSeconds(120), "READY");
        } finally {
            p.kill();
        }
        String interrupted = Files.readAllLines(log).stream().filter(l -> l.startsWith("fit ")).reduce((a, b) -> b)
                .map(l -> l.split(" ")[1]).orElseThrow();
        Files.delete(log);

        ChildJvm.Running again = child(search, "none", log);
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

    private static ChildJvm.Running child(String search, String kill, Path log) throws IOException {
        return BatchChildApplication.child(db.getJdbcUrl(), db.getUsername(), db.getPassword(), search, kill, log, 0,
                "run", search).output(dir.resolve(search + "-" + System.nanoTime() + ".out")).start();
    }
}
