package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.InMemoryTrialStore;
import dev.tunebatch.testing.CurveProgram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Early stopping in the library's search loop: the median rule and asynchronous successive halving. */
class PruningTest {

    private static final Objective REWARD = Objective.of("val_reward", Direction.MAX);

    /** A learning curve that rises towards {@code x}: the final ranking is the ranking of {@code x}. */
    private static double curve(double x, int epoch) {
        return x * (1 - Math.exp(-(epoch + 1) / 3.0));
    }

    private record Run(RandomSearch tuner, Map<Double, Integer> epochsRun, AtomicInteger totalEpochs) {
    }

    private static Run search(Pruner pruner, int trials, int epochs) {
        Map<Double, Integer> epochsRun = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        RandomSearch tuner = RandomSearch.builder().objective(REWARD).store(new InMemoryTrialStore()).seed(3)
                .verbose(false).maxTrials(trials).pruner(pruner)
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new CurveProgram(epoch -> {
                        epochsRun.merge(x, 1, Integer::sum);
                        total.incrementAndGet();
                        return Map.of("val_reward", curve(x, epoch));
                    });
                }).build();
        tuner.search(FitArgs.builder().epochs(epochs).build());
        return new Run(tuner, epochsRun, total);
    }

    private static double x(Trial t) {
        return ((Number) t.hyperparameters().get("x")).doubleValue();
    }

    @Test
    void theMedianRuleStopsTrialsBehindTheMedianAndKeepsTheirLastValues() {
        int epochs = 10;
        Run run = search(Pruner.median(2, 3), 16, epochs);
        List<Trial> trials = run.tuner().trials();
        List<Trial> pruned = trials.stream().filter(t -> t.status() == TrialStatus.STOPPED).toList();
        assertThat(pruned).isNotEmpty();
        assertThat(trials).allMatch(t -> t.status() == TrialStatus.COMPLETED || t.status() == TrialStatus.STOPPED);
        for (Trial t : pruned) {
            int ran = run.epochsRun().get(x(t));
            assertThat(ran).as("trial %s is pruned after the warm-up and before its last epoch", t.id())
                    .isBetween(3, epochs - 1);
            assertThat(t.message()).contains("median rule");
            assertThat(t.runCount()).as("a pruned trial is never retried").isEqualTo(1);
            assertThat(t.score()).as("scored by the best value it reached").isEqualTo(curve(x(t), ran - 1));
            assertThat(t.progress().curve()).hasSize(ran);
            assertThat(t.metrics().lastValue("val_reward")).isEqualTo(curve(x(t), ran - 1));
        }
        Trial best = run.tuner().getBestTrials(1).get(0);
        double bestX = trials.stream().mapToDouble(PruningTest::x).max().orElseThrow();
        assertThat(x(best)).as("the best configuration is never pruned").isEqualTo(bestX);
        assertThat(run.tuner().getBestTrials(trials.size())).filteredOn(t -> t.status() == TrialStatus.COMPLETED)
                .noneMatch(t -> pruned.stream().anyMatch(p -> p.id().equals(t.id())));
        assertThat(run.totalEpochs().get()).isLessThan(16 * epochs);
    }

    @Test
    void successiveHalvingStopsTrialsOnlyAtItsRungs() {
        int epochs = 9;
        Run run = search(Pruner.successiveHalving(1, 3), 20, epochs);
        List<Trial> trials = run.tuner().trials();
        List<Trial> pruned = trials.stream().filter(t -> t.status() == TrialStatus.STOPPED).toList();
        assertThat(pruned).hasSizeGreaterThan(trials.size() / 2);
        for (Trial t : pruned) {
            assertThat(run.epochsRun().get(x(t))).as("rungs after 1 and 3 epochs").isIn(1, 3);
            assertThat(t.message()).contains("successive halving").contains("rung");
        }
        double bestX = trials.stream().mapToDouble(PruningTest::x).max().orElseThrow();
        assertThat(x(run.tuner().getBestTrials(1).get(0))).isEqualTo(bestX);
        Run unpruned = search(Pruner.none(), 20, epochs);
        assertThat(unpruned.totalEpochs().get()).isEqualTo(20 * epochs);
        // the first trials at each rung go on until the reduction factor's number of trials reached it
        assertThat(run.totalEpochs().get() * 2).as("epochs spent: %s", run.totalEpochs())
                .isLessThan(unpruned.totalEpochs().get());
        Run eager = search(Pruner.successiveHalving(1, 3).minTrialsPerRung(1), 20, epochs);
        assertThat(eager.totalEpochs().get() * 2.5).as("epochs spent: %s", eager.totalEpochs())
                .isLessThan(unpruned.totalEpochs().get());
        assertThat(eager.totalEpochs().get()).isLessThan(run.totalEpochs().get());
    }

    @Test
    void withoutAPrunerNothingIsRecordedPerEpoch() {
        Run run = search(Pruner.none(), 4, 3);
        assertThat(run.tuner().trials()).allMatch(t -> t.status() == TrialStatus.COMPLETED
                && t.progress().curve().isEmpty());
    }

    @Test
    void prunerSettingsAreChecked() {
        assertThatThrownBy(() -> Pruner.median(-1, 3)).hasMessageContaining("warmupEpochs=-1");
        assertThatThrownBy(() -> Pruner.median(1, 0)).hasMessageContaining("minTrials=0");
        assertThatThrownBy(() -> Pruner.successiveHalving(0, 3)).hasMessageContaining("minEpochs=0");
        assertThatThrownBy(() -> Pruner.successiveHalving(1, 1)).hasMessageContaining("reductionFactor=1");
        assertThatThrownBy(() -> Pruner.successiveHalving(1, 3).minTrialsPerRung(0))
                .hasMessageContaining("minTrialsPerRung: n=0");
    }
}
