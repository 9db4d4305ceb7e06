package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.FakeProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BayesianOptimization through the tuner: it searches, resumes, and never repeats itself. */
class BayesianOptimizationTunerTest {

    @TempDir
    Path dir;

    private BayesianOptimization.Builder builder(String project, int maxTrials) {
        return BayesianOptimization.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", -2, 2);
                    String opt = hp.choice("opt", List.of("a", "b", "c"));
                    return FakeProgram.constant(Map.of("val_loss", (x - 0.7) * (x - 0.7)
                            + (opt.equals("b") ? 0 : 0.5)));
                })
                .objective(Objective.of("val_loss", Direction.MIN)).maxTrials(maxTrials).seed(5).numInitialPoints(5)
                .directory(dir).projectName(project).verbose(false);
    }

    @Test
    void findsTheOptimumBetterThanItsRandomStartAndNeverRepeats() {
        BayesianOptimization tuner = builder("bo", 25).build();
        tuner.search(FitArgs.builder().build());
        List<Trial> trials = tuner.trials();
        assertThat(trials).hasSize(25).allMatch(t -> t.status() == TrialStatus.COMPLETED);
        assertThat(trials.stream().map(t -> t.hyperparameters().values()).distinct()).hasSize(25);
        double bestRandom = trials.subList(0, 5).stream().mapToDouble(Trial::score).min().orElseThrow();
        double best = tuner.getBestTrials(1).get(0).score();
        assertThat(best).isLessThan(bestRandom).isLessThan(0.01);
        assertThat(tuner.getBestHyperparameters(1).get(0).get("opt")).isEqualTo("b");
    }

    @Test
    void aResumedSearchContinuesExactlyAsAnUninterruptedOne() {
        builder("part", 8).build().search(FitArgs.builder().build());
        BayesianOptimization resumed = builder("part", 14).build();
        resumed.search(FitArgs.builder().build());
        BayesianOptimization whole = builder("whole", 14).build();
        whole.search(FitArgs.builder().build());
        assertThat(resumed.trials()).extracting(t -> t.hyperparameters().values())
                .containsExactlyElementsOf(whole.trials().stream().map(t -> t.hyperparameters().values()).toList());
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> builder("bad", 5).beta(-1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta");
    }
}
