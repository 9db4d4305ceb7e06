package dev.tunebatch.tuner;

import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.file.FileTrialStore;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.ResumeChild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
 * Kills a child JVM running a search at several points with SIGKILL, runs it again, and checks the invariants: every
 * trial completed exactly once, none re-sampled, the interrupted one resumed at the right epoch, and the same results
 * as an uninterrupted run.
 */
class ResumeAfterKillTest {

    @TempDir
    static Path dir;

    private static Map<String, Object> reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Path log = dir.resolve("reference.log");
        assertThat(runChild("reference", "none", log).waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("DONE");
        reference = summary("reference");
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({
            "before-first, ",
            "begin:2:2,    2",
            "end:3:1,      1",
            "report:4,     ",
    })
    void resumesWhereItLeftOff(String killPoint, Integer resumedEpoch) throws Exception {
        String project = "p_" + killPoint.replace(':', '_');
        Path log = dir.resolve(project + ".log");
        ChildJvm.Running child = runChild(project, killPoint, log);
        try {
            ChildJvm.awaitText(log, Duration.ofSeconds(120), "READY");
        } finally {
            child.kill();
        }
        List<String> firstRun = Files.readAllLines(log);
        String interrupted = firstRun.stream().filter(l -> l.startsWith("trial-start ")).reduce((a, b) -> b)
                .map(l -> l.substring("trial-start ".length())).orElse(null);
        Files.delete(log);

        ChildJvm.Running again = runChild(project, "none", log);
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        List<String> secondRun = Files.readAllLines(log);
        assertThat(secondRun).contains("DONE");

        assertThat(summary(project)).isEqualTo(reference);
        if (interrupted != null) {
            assertThat(secondRun.stream().filter(l -> l.startsWith("trial-start ")).findFirst())
                    .contains("trial-start " + interrupted);
            List<String> resumedEpochs = secondRun.stream().filter(l -> l.startsWith("epoch-begin " + interrupted + " "))
                    .toList();
            if (resumedEpoch == null) {
                assertThat(resumedEpochs).as("a trial killed while reporting is not trained again").isEmpty();
            } else {
                assertThat(resumedEpochs).first().isEqualTo("epoch-begin " + interrupted + " " + resumedEpoch);
            }
        }
        long starts = secondRun.stream().filter(l -> l.startsWith("trial-start ")).count()
                + firstRun.stream().filter(l -> l.startsWith("trial-start ")).count();
        assertThat(starts).as("each trial started once, the interrupted one twice")
                .isEqualTo(5 + (interrupted == null ? 0 : 1));
    }

    /** Per trial id: status, values and score, from the store on disk. */
    private static Map<String, Object> summary(String project) {
        StoredSearch s = new FileTrialStore(dir, project).load().orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        s.trials().stream().sorted(java.util.Comparator.comparing(t -> (String) t.get("trial_id"))).forEach(t -> {
            assertThat(t.get("status")).isEqualTo(TrialStatus.COMPLETED.name());
            out.put((String) t.get("trial_id"), List.of(t.get("hyperparameters"), t.get("score"),
                    t.get("run_count")));
        });
        assertThat(out).hasSize(5);
        return out;
    }

    private static ChildJvm.Running runChild(String project, String killPoint, Path log) throws IOException {
        return ResumeChild.child(dir, project, killPoint, log).output(dir.resolve(project + "-"
                + killPoint.replace(':', '_') + "-" + System.nanoTime() + ".out")).start();
    }
}
