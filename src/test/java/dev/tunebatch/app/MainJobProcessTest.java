package dev.tunebatch.app;

import dev.tunebatch.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.tunebatch.testing.ChildJvm.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main job as a user runs it, with no configuration, in child JVMs: the demo search on the embedded PostgreSQL in
 * {@code .tunebatch/} of the working directory, with keras-tuner's progress, the results summary, the test score and
 * where everything is; the same command again shows the finished search without running a trial, and resumes a
 * search stopped by SIGTERM. (Fewer trials than the default, to keep the test short.)
 */
class MainJobProcessTest {

    private static final String[] SMALL = {"--tunebatch.demo.max-trials=3", "--tunebatch.demo.epochs=1"};
    /** Trials of several epochs, so that SIGTERM lands inside one. */
    private static final String[] SLOW = {"--tunebatch.demo.max-trials=3", "--tunebatch.demo.epochs=12"};

    @Test
    void theDemoRunsEndToEndAndTheSameCommandShowsTheFinishedSearch(@TempDir Path work) throws Exception {
        ChildJvm app = ChildJvm.application(work);

        ChildJvm.Result first = app.run(300, SMALL);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.errLines()).as(first.toString()).isEmpty();
        assertThat(Files.exists(work.resolve(".tunebatch/postgres/PG_VERSION"))).isTrue();
        assertThat(first.out()).contains("Running search 'demo' ...", "Search: Running Trial #1",
                "Value             |Best Value So Far |Hyperparameter", "examples_per_label", "temperature",
                "threshold", "aggregation", "Trial 3 Complete [", "Best val_reward So Far: ", "Total elapsed time: ",
                "Search 'demo' finished.", "Results summary", "Showing 3 best trials",
                "Objective(name=\"val_reward\", direction=\"max\")",
                "Scoring the best configuration (trial ", "on the test split of 80 utterances ...",
                "Where the results are", "embedded PostgreSQL, data in " + work.resolve(".tunebatch/postgres"),
                "tb_trial", "results demo");
        assertThat(first.out()).doesNotContain("Search: Running Trial #4");
        String testScore = line(first.out(), "Test score of the best configuration");
        assertThat(testScore).matches(".*reward 0\\.\\d{4} accuracy 0\\.\\d{4} abstention_rate \\d\\.\\d{4}");
        Path report = work.resolve(".tunebatch/reports/demo.txt");
        assertThat(Files.readString(report)).contains("Results summary", testScore);

        ChildJvm.Result again = app.run(300, SMALL);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Search 'demo' (run default) is already finished.", "Results summary")
                .doesNotContain("Search: Running Trial").doesNotContain("Running search");
        assertThat(line(again.out(), "Test score of the best configuration")).isEqualTo(testScore);
        assertThat(summary(again.out())).isEqualTo(summary(first.out()));

        ChildJvm.Result status = app.run(120, "status", "demo");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("Trials: 3, COMPLETED 3");
    }

    @Test
    void aSearchStoppedBySigtermResumesWhenTheSameCommandRunsAgain(@TempDir Path work) throws Exception {
        Path out = work.resolve("first.out");
        ChildJvm.Running p = ChildJvm.application(work).output(out, work.resolve("first.err")).start(SLOW);
        try {
            p.awaitOutput("Trial 1 Complete", Duration.ofSeconds(240));
            p.terminate();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.kill();
        }
        assertThat(read(out)).doesNotContain("Search 'demo' finished.");

        ChildJvm.Result again = ChildJvm.application(work).run(300, SLOW);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).containsPattern("Resuming search 'demo': [0-2] of its [1-3] trials completed")
                .doesNotContain("Search: Running Trial #1\n").contains("Search: Running Trial #3")
                .contains("Search 'demo' finished.");
        ChildJvm.Result status = ChildJvm.application(work).run(120, "status", "demo");
        assertThat(status.out()).contains("Trials: 3, COMPLETED 3");
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    private static String summary(String out) {
        int from = out.indexOf("Results summary");
        return out.substring(from, out.indexOf("Scoring the best", from));
    }
}
