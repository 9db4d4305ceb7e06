package dev.tunebatch.tuner;

import dev.tunebatch.oracle.StoredRanking;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.InMemoryTrialStore;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.testing.CurveProgram;
import dev.tunebatch.testing.FakeProgram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Budgets, repeated executions, enqueued configurations, warm starts and drift checks in the library. */
class SearchControlsTest {

    private static final Objective REWARD = Objective.of("val_reward", Direction.MAX);

    private static RandomSearch.Builder costly(InMemoryTrialStore store, AtomicInteger epochs) {
        return RandomSearch.builder().objective(REWARD).store(store).seed(7).verbose(false).maxTrials(10)
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new CurveProgram(epoch -> {
                        epochs.incrementAndGet();
                        return Map.of("val_reward", x, "cost", 1.0);
                    });
                });
    }

    @Test
    void aSearchBudgetStopsTheSearchAtAnEpochBoundaryAndARaisedOneContinues() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        AtomicInteger epochs = new AtomicInteger();
        RandomSearch tuner = costly(store, epochs).budget(Budget.metricSum("cost", 5)).build();
        tuner.search(FitArgs.builder().epochs(2).build());
        assertThat(tuner.budgetReached()).isTrue();
        assertThat(epochs).hasValue(5);
        assertThat(tuner.budgetStatus()).isEqualTo("cost 5 of 5 (search)");
        List<Trial> trials = tuner.trials();
        assertThat(trials).extracting(Trial::status)
                .containsExactly(TrialStatus.COMPLETED, TrialStatus.COMPLETED, TrialStatus.RUNNING);
        assertThat(trials.get(2).progress().consumed("cost")).isEqualTo(1.0);

        RandomSearch again = costly(store, epochs).budget(Budget.metricSum("cost", 5)).build();
        again.search(FitArgs.builder().epochs(2).build());
        assertThat(again.budgetReached()).isTrue();
        assertThat(epochs).as("nothing runs while the budget is spent").hasValue(5);

        RandomSearch raised = costly(store, epochs).budget(Budget.metricSum("cost", 9)).build();
        raised.search(FitArgs.builder().epochs(2).build());
        assertThat(raised.budgetReached()).isTrue();
        assertThat(epochs).as("the interrupted trial resumed at its second epoch").hasValue(9);
        assertThat(raised.trials()).extracting(Trial::status).containsExactly(TrialStatus.COMPLETED,
                TrialStatus.COMPLETED, TrialStatus.COMPLETED, TrialStatus.COMPLETED, TrialStatus.RUNNING);
    }

    @Test
    void aPerTrialBudgetStopsOnlyTheRunawayTrial() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        AtomicInteger epochs = new AtomicInteger();
        RandomSearch tuner = costly(store, epochs).maxTrials(3).budget(Budget.perTrial("cost", 3)).build();
        tuner.search(FitArgs.builder().epochs(5).build());
        assertThat(tuner.budgetReached()).isFalse();
        assertThat(epochs).hasValue(9);
        for (Trial t : tuner.trials()) {
            assertThat(t.status()).isEqualTo(TrialStatus.STOPPED);
            assertThat(t.message()).isEqualTo("Stopped: it reached its budget cost 3 of 3 (per trial).");
            assertThat(t.score()).isEqualTo(((Number) t.hyperparameters().get("x")).doubleValue());
            assertThat(t.runCount()).isEqualTo(1);
        }
    }

    @Test
    void aWallClockBudgetEndsEachRunAndTheNextRunStartsAfresh() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        AtomicInteger epochs = new AtomicInteger();
        RandomSearch.Builder slow = RandomSearch.builder().objective(REWARD).store(store).seed(7).verbose(false)
                .maxTrials(1000).budget(Budget.wallClock(Duration.ofMillis(300)))
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new CurveProgram(epoch -> {
                        epochs.incrementAndGet();
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Map.of("val_reward", x);
                    });
                });
        RandomSearch tuner = slow.build();
        tuner.search(FitArgs.builder().epochs(3).build());
        assertThat(tuner.budgetReached()).isTrue();
        int first = epochs.get();
        assertThat(first).isPositive().isLessThan(3000);
        tuner.search(FitArgs.builder().epochs(3).build());
        assertThat(tuner.budgetReached()).isTrue();
        assertThat(epochs.get()).as("a new run gets its own wall clock").isGreaterThan(first);
        assertThat(tuner.trials()).filteredOn(t -> t.status() == TrialStatus.RUNNING).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void budgetsAreChecked() {
        assertThatThrownBy(() -> Budget.metricSum("cost", 0)).hasMessageContaining("max=0.0");
        assertThatThrownBy(() -> Budget.metricSum(" ", 1)).hasMessageContaining("metric name is blank");
        assertThatThrownBy(() -> Budget.wallClock(Duration.ZERO)).hasMessageContaining("positive duration");
        assertThatThrownBy(() -> Budget.perTrial("cost", 1).perRun()).hasMessageContaining("trial-scoped");
    }

    @Test
    void eachTrialRunsItsExecutionsAndScoresTheirMeanWithTheSpread() {
        List<Double> offsets = List.of(0.0, 0.02, 0.04);
        AtomicInteger builds = new AtomicInteger();
        AtomicInteger failOnce = new AtomicInteger(1);
        RandomSearch tuner = RandomSearch.builder().objective(REWARD).store(new InMemoryTrialStore()).seed(3)
                .verbose(false).maxTrials(2).executionsPerTrial(3).maxRetriesPerTrial(1)
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    int execution = builds.getAndIncrement();
                    return new FakeProgram(epoch -> {
                        if (execution == 2 && failOnce.getAndDecrement() > 0) {
                            throw new IllegalStateException("flaky third execution");
                        }
                        return Map.of("val_reward", x + offsets.get(Math.min(execution, 5) % 3), "loss", 1.0);
                    });
                }).build();
        builds.set(0);
        tuner.search(FitArgs.builder().epochs(1).build());
        assertThat(builds).as("3 executions per trial; the retry reruns only the failed one").hasValue(7);
        for (Trial t : tuner.trials()) {
            assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED);
            assertThat(t.progress().executions()).hasSize(3);
            assertThat(t.progress().scoreSd()).isNotNull();
            assertThat(t.summary()).contains("Executions: 3 (standard deviation ");
            double x = ((Number) t.hyperparameters().get("x")).doubleValue();
            double mean = t.progress().executions().stream().mapToDouble(m -> m.get("val_reward")).average()
                    .orElseThrow();
            assertThat(t.score()).isCloseTo(mean, offset(1e-12)).isBetween(x, x + 0.04);
        }
        assertThatThrownBy(() -> RandomSearch.builder().executionsPerTrial(0))
                .hasMessageContaining("executionsPerTrial: 0");
    }

    private static RandomSearch.Builder twoParams(InMemoryTrialStore store, List<Map<String, Object>> seen) {
        return RandomSearch.builder().objective(REWARD).store(store).seed(4).verbose(false).maxTrials(4)
                .hypermodel(hp -> {
                    double lr = hp.floatParam("lr", 0.001, 1.0);
                    String model = hp.choice("model", List.of("small", "large"));
                    seen.add(Map.of("lr", lr, "model", model));
                    return FakeProgram.constant(Map.of("val_reward", lr));
                });
    }

    @Test
    void enqueuedConfigurationsRunFirstAndOnlyOnce() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        RandomSearch tuner = twoParams(store, seen).enqueue(Map.of("lr", 0.5, "model", "large"))
                .enqueue(Map.of("lr", 0.25)).build();
        seen.clear();
        tuner.search(FitArgs.builder().epochs(1).build());
        List<Trial> trials = tuner.trials();
        assertThat(trials.get(0).hyperparameters().values()).containsExactlyInAnyOrderEntriesOf(
                Map.of("lr", 0.5, "model", "large"));
        assertThat(trials.get(1).hyperparameters().values()).as("the default fills what is left out")
                .containsExactlyInAnyOrderEntriesOf(Map.of("lr", 0.25, "model", "small"));
        assertThat(trials.get(0).progress().origin()).containsEntry("kind", "enqueued");
        assertThat(trials.get(2).progress().origin()).isEmpty();

        List<Map<String, Object>> again = new CopyOnWriteArrayList<>();
        RandomSearch resumed = twoParams(store, again).maxTrials(6).enqueue(Map.of("lr", 0.5, "model", "large"))
                .build();
        again.clear();
        resumed.search(FitArgs.builder().epochs(1).build());
        assertThat(resumed.trials()).hasSize(6);
        assertThat(resumed.trials().stream().filter(t -> t.hyperparameters().values().get("lr").equals(0.5)))
                .as("a configuration already tried is not queued again").hasSize(1);
    }

    @Test
    void aGridSearchRunsEnqueuedConfigurationsFirstThenItsWholeGrid() {
        GridSearch tuner = GridSearch.builder().objective(REWARD).store(new InMemoryTrialStore()).verbose(false)
                .enqueue(Map.of("n", 3)).hypermodel(hp -> {
                    int n = hp.intParam("n", 1, 4);
                    return FakeProgram.constant(Map.of("val_reward", (double) n));
                }).build();
        tuner.search(FitArgs.builder().epochs(1).build());
        assertThat(tuner.trials()).extracting(t -> t.hyperparameters().values().get("n"))
                .containsExactly(3, 1, 2, 3, 4);
        assertThat(tuner.trials()).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    }

    @Test
    void hyperbandGivesAnEnqueuedConfigurationTheBudgetOfItsBracket() {
        Hyperband tuner = Hyperband.builder().objective(REWARD).store(new InMemoryTrialStore()).verbose(false)
                .seed(2).maxEpochs(9).factor(3).enqueue(Map.of("x", 0.5)).hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new CurveProgram(epoch -> Map.of("val_reward", x));
                }).build();
        tuner.search(FitArgs.builder().epochs(9).build());
        Trial first = tuner.trials().get(0);
        assertThat(first.hyperparameters().values()).containsEntry("x", 0.5).containsKey("tuner/epochs");
        assertThat(first.progress().origin()).containsEntry("kind", "enqueued");
        assertThat(tuner.trials()).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    }

    @Test
    void anEnqueuedValueOutsideTheSpaceFailsAtBuildNamingIt() {
        List<Map<String, Object>> seen = new ArrayList<>();
        assertThatThrownBy(() -> twoParams(new InMemoryTrialStore(), seen).enqueue(Map.of("lr", 5.0)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("enqueue: lr=5.0 is outside the search space (Float")
                .hasMessageContaining("max_value=1.0");
        assertThatThrownBy(() -> twoParams(new InMemoryTrialStore(), seen).enqueue(Map.of("model", "huge")).build())
                .hasMessageStartingWith("enqueue: model=huge is outside the search space (Choice");
        assertThatThrownBy(() -> twoParams(new InMemoryTrialStore(), seen).enqueue(Map.of("rate", 0.1)).build())
                .hasMessageStartingWith("enqueue: 'rate' is not a hyperparameter of this search")
                .hasMessageContaining("[lr, model]");
    }

    @Test
    void aWarmStartRunsTheBestConfigurationsOfAnotherSearchFirst() {
        InMemoryTrialStore old = new InMemoryTrialStore();
        List<Map<String, Object>> seen = new ArrayList<>();
        RandomSearch first = twoParams(old, seen).maxTrials(6).build();
        first.search(FitArgs.builder().epochs(1).build());
        List<Trial> best = first.getBestTrials(2);

        RandomSearch warm = twoParams(new InMemoryTrialStore(), seen).seed(99).warmStartFrom(old, 2).build();
        warm.search(FitArgs.builder().epochs(1).build());
        List<Trial> trials = warm.trials();
        for (int i = 0; i < 2; i++) {
            assertThat(trials.get(i).hyperparameters().values()).isEqualTo(best.get(i).hyperparameters().values());
            assertThat(trials.get(i).progress().origin()).containsEntry("kind", "warm_start")
                    .containsEntry("trial", best.get(i).id());
        }
        assertThatThrownBy(() -> twoParams(new InMemoryTrialStore(), seen)
                .warmStartFrom(new InMemoryTrialStore(), 2).build())
                .hasMessageContaining("warmStartFrom: nothing is stored in");
    }

    @Test
    void aDriftCheckEvaluatesTheBestAgainAtTheStartOfEachRun() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        AtomicInteger night = new AtomicInteger();
        RandomSearch.Builder builder = RandomSearch.builder().objective(REWARD).store(store).seed(4).verbose(false)
                .maxTrials(3).driftCheck(true).hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return FakeProgram.constant(Map.of("val_reward", x - 0.1 * night.get()));
                });
        RandomSearch tuner = builder.build();
        tuner.search(FitArgs.builder().epochs(1).build(), "night-1");
        Trial best = tuner.getBestTrials(1).get(0);
        assertThat(tuner.trials()).hasSize(3).allMatch(t -> t.progress().origin().isEmpty());

        night.set(1);
        RandomSearch next = builder.maxTrials(5).build();
        next.search(FitArgs.builder().epochs(1).build(), "night-2");
        Trial check = next.trials().get(3);
        assertThat(check.progress().origin()).containsEntry("kind", "drift_check").containsEntry("of", best.id())
                .containsEntry("run", "night-2");
        assertThat(check.hyperparameters().values()).isEqualTo(best.hyperparameters().values());
        assertThat(check.score()).isCloseTo(best.score() - 0.1, offset(1e-12));

        next.search(FitArgs.builder().epochs(1).build(), "night-2");
        assertThat(next.trials().stream().filter(t -> !t.progress().origin().isEmpty()))
                .as("one drift check per run key").hasSize(1);
    }

    @Test
    void theBayesianSearchRanksByItsModelsExpectedScoreOnNoisyObjectives() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        Random noise = new Random(5);
        BayesianOptimization tuner = BayesianOptimization.builder().objective(REWARD).store(store).seed(8)
                .verbose(false).maxTrials(16).numInitialPoints(6).hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    double y = hp.floatParam("y", 0, 1);
                    return FakeProgram.constant(Map.of("val_reward", 1 - (x - 0.3) * (x - 0.3) - (y - 0.6) * (y - 0.6)
                            + 0.03 * noise.nextGaussian()));
                }).build();
        tuner.search(FitArgs.builder().epochs(1).build());
        List<Trial> best = tuner.getBestTrials(16);
        assertThat(best.get(0).progress().expected()).isNotNull();
        assertThat(best.get(0).summary()).contains("Expected score: ");
        for (int i = 1; i < best.size() && best.get(i).status() == TrialStatus.COMPLETED; i++) {
            assertThat(best.get(i - 1).progress().expected()).isGreaterThanOrEqualTo(best.get(i).progress()
                    .expected());
        }
        StoredSearch stored = store.load().orElseThrow();
        List<Trial> fromStore = StoredRanking.best(tuner.trials(), dev.tunebatch.oracle.MetricDirection.MAX,
                StoredRanking.expected(stored.oracleState()), 5);
        assertThat(fromStore).extracting(Trial::id).containsExactlyElementsOf(best.subList(0, 5).stream()
                .map(Trial::id).toList());
    }
}
