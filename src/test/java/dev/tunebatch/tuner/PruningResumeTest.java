package dev.tunebatch.tuner;

import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.file.FileTrialStore;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.ResumeChild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

/**
 * A search with successive halving killed with SIGKILL between epochs (after an epoch ended and before it was
 * reported; after its report and pruning decision were stored and before its checkpoint) prunes exactly as an
 * uninterrupted one: the same trials stopped at the same epochs with the same scores and reasons.
 */
class PruningResumeTest {

    @TempDir
    static Path dir;

    private static Map<String, Object> reference;
    private static int epochsRun;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Path log = dir.resolve("reference.log");
        assertThat(runChild("reference", "none", log).waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("DONE");
        reference = summary("reference");
        epochsRun = (int) Files.readAllLines(log).stream().filter(l -> l.startsWith("epoch-begin ")).count();
        assertThat(reference.values()).as("the reference prunes some trials and completes others")
                .anyMatch(v -> v.toString().contains("STOPPED")).anyMatch(v -> v.toString().contains("COMPLETED"));
    }

    @ParameterizedTest(name = "killed at {0} of the epochs")
    @ValueSource(strings = {"epoch-end:third", "epoch-end:half", "epoch-saved:third", "epoch-saved:half",
            "epoch-saved:last"})
    void aKilledSearchPrunesAsAnUninterruptedOne(String where) throws Exception {
        String kind = where.substring(0, where.indexOf(':'));
        int n = switch (where.substring(where.indexOf(':') + 1)) {
            case "third" -> epochsRun / 3;
            case "half" -> epochsRun / 2;
            default -> epochsRun - 2;
        };
        String killPoint = kind + ":" + n;
        String project = "p_" + where.replace(':', '_');
        Path log = dir.resolve(project + ".log");
        ChildJvm.Running child = runChild(project, killPoint, log);
        try {
            ChildJvm.awaitText(log, Duration.ofSeconds(120), "READY");
        } finally {
            child.kill();
        }
        List<String> first = Files.readAllLines(log);
        String interrupted = first.stream().filter(l -> l.startsWith("epoch-begin ")).reduce((a, b) -> b)
                .orElseThrow();
        Files.delete(log);

        ChildJvm.Running again = runChild(project, "none", log);
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        List<String> second = Files.readAllLines(log);
        assertThat(second).contains("DONE");
        assertThat(summary(project)).isEqualTo(reference);
        assertThat(second.stream().filter(l -> l.startsWith("epoch-begin ")).findFirst())
                .as("the interrupted epoch runs again from the last checkpoint").contains(interrupted);
        long epochs = first.stream().filter(l -> l.startsWith("epoch-begin ")).count()
                + second.stream().filter(l -> l.startsWith("epoch-begin ")).count();
        assertThat(epochs).as("every epoch of the reference once, the interrupted one twice").isEqualTo(epochsRun + 1);
    }

    /** Per trial id: status, values, score, reason, runs and the objective per epoch, from the store on disk. */
    private static Map<String, Object> summary(String project) {
        StoredSearch s = new FileTrialStore(dir, project).load().orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        s.trials().stream().sorted(java.util.Comparator.comparing(t -> (String) t.get("trial_id"))).forEach(t -> {
            assertThat(t.get("status")).isIn(TrialStatus.COMPLETED.name(), TrialStatus.STOPPED.name());
            List<Object> row = new ArrayList<>();
            row.add(t.get("status"));
            row.add(t.get("hyperparameters"));
            row.add(t.get("score"));
            row.add(t.get("message"));
            row.add(t.get("run_count"));
            row.add(t.get("intermediate_values"));
            out.put((String) t.get("trial_id"), row);
        });
        assertThat(out).hasSize(8);
        return out;
    }

    private static ChildJvm.Running runChild(String project, String killPoint, Path log) throws IOException {
        return ResumeChild.child(dir, project, killPoint, log, "asha").output(dir.resolve(project + "-"
                + killPoint.replace(':', '_') + "-" + System.nanoTime() + ".out")).start();
    }
}
