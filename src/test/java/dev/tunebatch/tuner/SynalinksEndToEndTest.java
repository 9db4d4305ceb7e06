package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.oracle.ConsecutiveFailuresException;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.testing.FakeProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Synalinks' end-to-end tuner tests (12-18) with fake programs. */
class SynalinksEndToEndTest {
    @TempDir
    Path dir;

    private static final FitArgs ONE_EPOCH = FitArgs.builder().epochs(1).build();

    @Test
    void randomSearchDrivesFakeProgramViaFit() {
        AtomicInteger builds = new AtomicInteger();
        RandomSearch tuner = RandomSearch.builder()
                .asyncHypermodel(hp -> {
                    builds.incrementAndGet();
                    double x = hp.floatParam("x", 0, 1);
                    return CompletableFuture.supplyAsync(() ->
                            FakeProgram.constant(Map.of("val_reward", 1 - Math.abs(x - 0.3))));
                })
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(10).directory(dir).projectName("fake_program_fit").overwrite(true).seed(42)
                .verbose(false).build();
        assertThat(builds).hasValue(1);
        tuner.search(ONE_EPOCH);
        assertThat(builds).hasValue(11);
        double bestX = (Double) tuner.getBestHyperparameters(1).get(0).get("x");
        assertThat(Math.abs(bestX - 0.3)).isLessThan(0.3);
    }

    @Test
    void searchRunsAllTrialsOnOneExecutor() {
        List<String> threads = new CopyOnWriteArrayList<>();
        RandomSearch tuner = RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    threads.add(Thread.currentThread().getName());
                    return FakeProgram.constant(Map.of("val_reward", x));
                })
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(5).directory(dir).projectName("one_executor").seed(42).verbose(false).build();
        threads.clear();
        tuner.search(ONE_EPOCH);
        assertThat(threads).hasSize(5);
        Set<String> prefixes = threads.stream().map(t -> t.substring(0, t.lastIndexOf('-')))
                .collect(Collectors.toSet());
        assertThat(prefixes).hasSize(1);
        assertThat(prefixes.iterator().next()).startsWith("tunebatch-search-");
        List<String> second = new ArrayList<>(threads);
        threads.clear();
        RandomSearch more = RandomSearch.builder()
                .hypermodel(hp -> {
                    hp.floatParam("x", 0, 1);
                    threads.add(Thread.currentThread().getName());
                    return FakeProgram.constant(Map.of("val_reward", 0.5));
                })
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(2).directory(dir).projectName("another").seed(1).verbose(false).build();
        threads.clear();
        more.search(ONE_EPOCH);
        assertThat(threads.get(0).substring(0, threads.get(0).lastIndexOf('-')))
                .isNotEqualTo(second.get(0).substring(0, second.get(0).lastIndexOf('-')));
    }

    @Test
    void failingFitSurfacesTheRealErrorAfterThreeTrials() {
        RandomSearch tuner = RandomSearch.builder()
                .hypermodel(hp -> {
                    hp.floatParam("x", 0, 1);
                    return new FakeProgram(epoch -> {
                        throw new IllegalArgumentException("trial-boom");
                    });
                })
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(5).directory(dir).projectName("boom").seed(3).verbose(false).build();
        assertThatThrownBy(() -> tuner.search(ONE_EPOCH))
                .isInstanceOf(ConsecutiveFailuresException.class)
                .hasMessageStartingWith("Number of consecutive failures exceeded the limit of 3.")
                .hasMessageContaining("trial-boom")
                .hasRootCauseMessage("trial-boom");
        assertThat(tuner.trials()).hasSize(3).allMatch(t -> t.status() == TrialStatus.FAILED);
    }

    @Test
    void asyncHypermodelPopulatesSpaceAtConstruction() {
        RandomSearch tuner = RandomSearch.builder()
                .asyncHypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return CompletableFuture.supplyAsync(() -> FakeProgram.constant(Map.of("val_reward", x)));
                })
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(2).seed(1).directory(dir).projectName("space").verbose(false).build();
        assertThat(tuner.searchSpace().space()).extracting(HyperParameter::name).contains("x");
        assertThat(tuner.trials()).isEmpty();
    }

    @Test
    void syncHypermodelIsAlsoAccepted() {
        RandomSearch tuner = RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return FakeProgram.constant(Map.of("val_reward", 1 - Math.abs(x - 0.5)));
                })
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(4).seed(7).directory(dir).projectName("sync").verbose(false).build();
        tuner.search(ONE_EPOCH);
        assertThat(tuner.trials()).hasSize(4).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    }

    @Test
    void multiObjectiveDrivesSearchEndToEnd() {
        RandomSearch tuner = RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return FakeProgram.constant(Map.of("val_reward", 1 - Math.abs(x - 0.3),
                            "val_loss", Math.abs(x - 0.3)));
                })
                .objectives(Objective.of("val_reward", Direction.MAX), Objective.of("val_loss", Direction.MIN))
                .maxTrials(10).seed(13).directory(dir).projectName("multi").verbose(false).build();
        tuner.search(ONE_EPOCH);
        List<Trial> trials = tuner.trials();
        assertThat(trials).hasSize(10).allMatch(t -> t.status() == TrialStatus.COMPLETED)
                .allMatch(t -> t.metrics().exists("val_reward") && t.metrics().exists("val_loss"));
        Trial best = tuner.getBestTrials(1).get(0);
        double x = (Double) best.hyperparameters().get("x");
        assertThat(Math.abs(x - 0.3)).isLessThan(0.3);
        assertThat(best.score()).isCloseTo(2 * Math.abs(x - 0.3) - 1, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void minDirectionPicksLowestValue() {
        RandomSearch tuner = RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return FakeProgram.constant(Map.of("val_loss", Math.abs(x - 0.8)));
                })
                .objective(Objective.of("val_loss", Direction.MIN))
                .maxTrials(10).seed(11).directory(dir).projectName("min").verbose(false).build();
        tuner.search(ONE_EPOCH);
        List<Trial> all = tuner.trials();
        double minScore = all.stream().mapToDouble(Trial::score).min().orElseThrow();
        assertThat(tuner.getBestTrials(1).get(0).score()).isEqualTo(minScore);
        double x = (Double) tuner.getBestHyperparameters(1).get(0).get("x");
        assertThat(Math.abs(x - 0.8)).isLessThan(0.3);
    }
}
