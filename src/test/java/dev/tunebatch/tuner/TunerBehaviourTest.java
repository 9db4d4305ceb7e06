package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.InMemoryTrialStore;
import dev.tunebatch.store.file.FileTrialStore;
import dev.tunebatch.testing.FakeProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** keras-tuner's tuner behaviours: retries, failures, display, summaries, resume, conditional spaces. */
class TunerBehaviourTest {

    @TempDir
    Path dir;

    private static final Objective REWARD = Objective.of("val_reward", Direction.MAX);
    private static final FitArgs ONE_EPOCH = FitArgs.builder().epochs(1).build();

    private RandomSearch.Builder random(String project) {
        return RandomSearch.builder().objective(REWARD).directory(dir).projectName(project).seed(5).verbose(false);
    }

    @Test
    void commonErrorsAreRetriedWithTheSameHyperparameters() {
        Set<Double> failing = ConcurrentHashMap.newKeySet();
        List<Double> runs = new CopyOnWriteArrayList<>();
        RandomSearch tuner = random("retry").maxTrials(5).maxRetriesPerTrial(2).hypermodel(hp -> {
            double x = hp.floatParam("x", 0, 1);
            return new FakeProgram(epoch -> {
                runs.add(x);
                if (failing.size() < 2) {
                    failing.add(x);
                }
                if (failing.contains(x)) {
                    throw new IllegalStateException("flaky " + x);
                }
                return Map.of("val_reward", x);
            });
        }).build();
        tuner.search(ONE_EPOCH);
        assertThat(runs).hasSize(5 + 2 * 2 + 2 - 2);
        List<Trial> trials = tuner.trials();
        assertThat(trials).hasSize(5);
        assertThat(trials).filteredOn(t -> t.status() == TrialStatus.FAILED).hasSize(2)
                .allMatch(t -> t.runCount() == 3 && t.message().contains("flaky"));
        assertThat(trials).filteredOn(t -> t.status() == TrialStatus.COMPLETED).hasSize(3);
        for (Double x : failing) {
            assertThat(runs.stream().filter(x::equals).count()).isEqualTo(3);
        }
    }

    @Test
    void failedTrialExceptionIsNeverRetried() {
        AtomicInteger runs = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean searching = new java.util.concurrent.atomic.AtomicBoolean();
        RandomSearch tuner = random("failed").maxTrials(5).maxRetriesPerTrial(2).maxConsecutiveFailedTrials(10)
                .hypermodel(hp -> {
                    hp.floatParam("x", 0, 1);
                    if (!searching.get()) {
                        return FakeProgram.constant(Map.of());
                    }
                    runs.incrementAndGet();
                    throw new FailedTrialException("infeasible");
                }).build();
        searching.set(true);
        tuner.search(ONE_EPOCH);
        assertThat(runs).hasValue(5);
        assertThat(tuner.trials()).allMatch(t -> t.status() == TrialStatus.FAILED && t.runCount() == 1);
    }

    @Test
    void consecutiveFailuresInTheLimitDoNotAbort() {
        AtomicInteger trial = new AtomicInteger();
        Map<Double, Integer> ordinal = new ConcurrentHashMap<>();
        RandomSearch tuner = random("in_limit").maxTrials(5).maxConsecutiveFailedTrials(3).hypermodel(hp -> {
            double x = hp.floatParam("x", 0, 1);
            int n = ordinal.computeIfAbsent(x, k -> trial.getAndIncrement());
            return new FakeProgram(epoch -> {
                if (n % 3 != 2) {
                    throw new IllegalStateException("boom");
                }
                return Map.of("val_reward", x);
            });
        }).build();
        tuner.search(ONE_EPOCH);
        assertThat(tuner.trials()).hasSize(5);
    }

    @Test
    void aMissingObjectiveAbortsNamingTheObjectiveAndTheKeysAndKeepsTheStoreConsistent() {
        RandomSearch tuner = random("missing").maxTrials(3).hypermodel(hp -> {
            hp.floatParam("x", 0, 1);
            return FakeProgram.constant(Map.of("reward", 0.5, "accuracy", 0.1));
        }).build();
        assertThatThrownBy(() -> tuner.search(ONE_EPOCH)).isInstanceOf(FatalTrialException.class)
                .hasMessageContaining("'val_reward'").hasMessageContaining("reward").hasMessageContaining("accuracy");
        List<Map<String, Object>> stored = new FileTrialStore(dir, "missing").load().orElseThrow().trials();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("status")).isEqualTo("RUNNING");

        AtomicReference<Object> rerun = new AtomicReference<>();
        RandomSearch fixed = random("missing").maxTrials(3).hypermodel(hp -> {
            double x = hp.floatParam("x", 0, 1);
            rerun.compareAndSet(null, x);
            return FakeProgram.constant(Map.of("val_reward", x));
        }).build();
        rerun.set(null);
        fixed.search(ONE_EPOCH);
        assertThat(fixed.trials()).hasSize(3).allMatch(t -> t.status() == TrialStatus.COMPLETED);
        assertThat(rerun.get()).isEqualTo(fixed.trials().get(0).hyperparameters().get("x"));
    }

    @Test
    void aNullProgramIsFatal() {
        RandomSearch tuner = random("null_program").maxTrials(2).hypermodel(hp -> {
            hp.floatParam("x", 0, 1);
            return hp.values().isEmpty() ? FakeProgram.constant(Map.of()) : null;
        }).build();
        assertThatThrownBy(() -> tuner.search(ONE_EPOCH)).isInstanceOf(FatalTrialException.class)
                .hasMessageContaining("returned null");
    }

    @Test
    void nanObjectiveMakesTheTrialInvalidThenFailed() {
        RandomSearch tuner = random("nan").maxTrials(2).maxConsecutiveFailedTrials(5).hypermodel(hp -> {
            hp.floatParam("x", 0, 1);
            return FakeProgram.constant(Map.of("val_reward", Double.NaN));
        }).build();
        tuner.search(ONE_EPOCH);
        assertThat(tuner.trials()).hasSize(2).allMatch(t -> t.status() == TrialStatus.FAILED && t.score() == null);
    }

    @Test
    void verboseOutputFollowsKerasTunerAndQuietPrintsNothing() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        RandomSearch tuner = random("display").maxTrials(2).verbose(true)
                .out(new PrintStream(buf, true, StandardCharsets.UTF_8)).hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    hp.choice("opt", List.of("sgd", "adam"));
                    return FakeProgram.constant(Map.of("val_reward", x));
                }).build();
        tuner.search(ONE_EPOCH);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Search: Running Trial #1", "Search: Running Trial #2",
                "Value             |Best Value So Far |Hyperparameter", "|opt\n", "|x\n",
                "Trial 1 Complete [00h 00m 0", "val_reward: ", "Best val_reward So Far: ", "Total elapsed time: 00h ");

        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        RandomSearch silent = random("quiet").maxTrials(2).verbose(false)
                .out(new PrintStream(quiet, true, StandardCharsets.UTF_8)).hypermodel(hp ->
                        FakeProgram.constant(Map.of("val_reward", hp.floatParam("x", 0, 1)))).build();
        silent.search(ONE_EPOCH);
        assertThat(quiet.size()).isZero();
    }

    @Test
    void durationFormatHandlesDays() {
        assertThat(SearchDisplay.formatDuration(java.time.Duration.ofDays(7))).isEqualTo("7d 00h 00m 00s");
        assertThat(SearchDisplay.formatDuration(java.time.Duration.ofSeconds(3723))).isEqualTo("01h 02m 03s");
    }

    @Test
    void searchSpaceSummaryMatchesKerasTuner() {
        RandomSearch tuner = random("space_summary").maxTrials(1).hypermodel(hp -> {
            hp.choice("optimizer", List.of("sgd", "adam"));
            hp.intParam("layers", 1, 3);
            return FakeProgram.constant(Map.of("val_reward", 1.0));
        }).build();
        assertThat(tuner.searchSpaceSummary()).isEqualTo("""
                Search space summary
                Default search space size: 2
                optimizer (Choice)
                {'default': 'sgd', 'conditions': [], 'values': ['sgd', 'adam'], 'ordered': False}
                layers (Int)
                {'default': 1, 'conditions': [], 'min_value': 1, 'max_value': 3, 'step': 1, 'sampling': 'linear'}
                """);
    }

    @Test
    void resultsSummaryListsTheBestTrialsFirst() {
        RandomSearch tuner = random("results").maxTrials(4).hypermodel(hp -> {
            double x = hp.floatParam("x", 0, 1);
            return FakeProgram.constant(Map.of("val_reward", x));
        }).build();
        tuner.search(ONE_EPOCH);
        Trial best = tuner.getBestTrials(1).get(0);
        String summary = tuner.resultsSummary(2);
        assertThat(summary).startsWith("Results summary\nResults in " + dir.resolve("results").toAbsolutePath()
                + "\nShowing 2 best trials\nObjective(name=\"val_reward\", direction=\"max\")\n\nTrial "
                + best.id() + " summary\nHyperparameters:\nx: ");
        assertThat(summary.split("summary\n", -1)).hasSize(4);
    }

    @Test
    void everyConditionalBranchIsBuiltAtConstruction() {
        List<Map<String, Object>> builds = new CopyOnWriteArrayList<>();
        RandomSearch tuner = random("conditions").maxTrials(6).hypermodel(hp -> {
            String model = hp.choice("model", List.of("mlp", "cnn"));
            hp.conditionalScope("model", List.of("mlp"), () -> hp.intParam("units", 1, 4));
            hp.conditionalScope("model", List.of("cnn"), () -> hp.choice("filters", List.of(8, 16)));
            builds.add(hp.values());
            return FakeProgram.constant(Map.of("val_reward", model.equals("cnn") ? 1.0 : 0.0));
        }).build();
        assertThat(builds).hasSize(2);
        assertThat(tuner.searchSpace().space()).extracting(HyperParameter::name)
                .containsExactly("model", "units", "filters");
        tuner.search(ONE_EPOCH);
        for (Trial t : tuner.trials()) {
            Map<String, Object> v = t.hyperparameters().values();
            if (v.get("model").equals("mlp")) {
                assertThat(v).containsKey("units").doesNotContainKey("filters");
            } else {
                assertThat(v).containsKey("filters").doesNotContainKey("units");
            }
        }
    }

    @Test
    void programsWithoutOptimizerAreEvaluatedOnValidationDataAndMirroredUnderVal() {
        List<EvaluateArgs> calls = new CopyOnWriteArrayList<>();
        RandomSearch tuner = random("evaluate").maxTrials(2).objective(Objective.of("reward", Direction.MAX))
                .hypermodel(hp -> {
                    double t = hp.floatParam("temperature", 0, 1);
                    return new FakeProgram(false, epoch -> {
                        throw new AssertionError("fit must not be called");
                    }, args -> {
                        calls.add(args);
                        return Map.of("reward", 1 - t);
                    });
                }).build();
        tuner.search(FitArgs.builder().x(List.of("a", "b")).y(List.of("A", "B"))
                .validationData(List.of("v"), List.of("V")).epochs(3).batchSize(4).build());
        assertThat(calls).hasSize(2).allMatch(a -> a.x().equals(List.of("v")) && a.y().equals(List.of("V"))
                && a.batchSize() == 4);
        for (Trial t : tuner.trials()) {
            assertThat(t.metrics().bestValue("reward")).isEqualTo(t.metrics().bestValue("val_reward"));
        }

        calls.clear();
        RandomSearch noValidation = random("evaluate_xy").maxTrials(1).objective(Objective.of("val_reward"))
                .hypermodel(hp -> new FakeProgram(false, e -> Map.of(), args -> {
                    calls.add(args);
                    return Map.of("reward", hp.floatParam("t", 0, 1));
                })).build();
        noValidation.search(FitArgs.builder().x(List.of("a")).y(List.of("A")).build());
        assertThat(calls).singleElement().matches(a -> a.x().equals(List.of("a")));
    }

    @Test
    void aFinishedSearchRerunWithMoreTrialsRunsOnlyTheExtraOnes() {
        List<Object> built = new CopyOnWriteArrayList<>();
        RandomSearch first = random("grow").maxTrials(5).hypermodel(hp -> {
            built.add(hp.floatParam("x", 0, 1));
            return FakeProgram.constant(Map.of("val_reward", (Double) built.get(built.size() - 1)));
        }).build();
        first.search(ONE_EPOCH);
        List<Map<String, Object>> before = first.trials().stream().map(t -> t.hyperparameters().values()).toList();
        built.clear();

        RandomSearch again = random("grow").maxTrials(8).hypermodel(hp -> {
            built.add(hp.floatParam("x", 0, 1));
            return FakeProgram.constant(Map.of("val_reward", (Double) built.get(built.size() - 1)));
        }).build();
        assertThat(built).isEmpty();
        again.search(ONE_EPOCH);
        assertThat(built).hasSize(3);
        assertThat(again.trials()).extracting(Trial::id).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(again.trials().subList(0, 5)).extracting(t -> t.hyperparameters().values())
                .containsExactlyElementsOf(before);
    }

    @Test
    void overwriteStartsAfresh() {
        random("fresh").maxTrials(3).hypermodel(hp ->
                FakeProgram.constant(Map.of("val_reward", hp.floatParam("x", 0, 1)))).build().search(ONE_EPOCH);
        RandomSearch again = random("fresh").maxTrials(3).overwrite(true).hypermodel(hp ->
                FakeProgram.constant(Map.of("val_reward", hp.floatParam("x", 0, 1)))).build();
        assertThat(again.trials()).isEmpty();
    }

    @Test
    void aStoredSearchWithAnotherObjectiveIsRefusedAndLeftIntact() {
        random("objective").maxTrials(2).hypermodel(hp ->
                FakeProgram.constant(Map.of("val_reward", hp.floatParam("x", 0, 1)))).build().search(ONE_EPOCH);
        assertThatThrownBy(() -> random("objective").objective(Objective.of("val_loss", Direction.MIN)).maxTrials(2)
                .hypermodel(hp -> FakeProgram.constant(Map.of("val_loss", hp.floatParam("x", 0, 1)))).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Objective(name=\"val_reward\", direction=\"max\")")
                .hasMessageContaining("overwrite(true)");
        assertThat(new FileTrialStore(dir, "objective").load().orElseThrow().trials()).hasSize(2);
    }

    @Test
    void missingObjectiveAndHypermodelAreNamed() {
        assertThatThrownBy(() -> RandomSearch.builder().hypermodel(hp -> null).store(new InMemoryTrialStore())
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objective");
        assertThatThrownBy(() -> RandomSearch.builder().objective(REWARD).store(new InMemoryTrialStore()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hypermodel");
    }

    @Test
    void hypermodelFailureAtConstructionSaysSo() {
        assertThatThrownBy(() -> random("broken").hypermodel(hp -> {
            throw new IllegalStateException("no model");
        }).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("while the search space was being populated").hasRootCauseMessage("no model");
    }

    @Test
    void aSecondSearchOnTheSameProjectIsRefusedWhileTheFirstRuns() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RandomSearch first = random("busy").maxTrials(1).hypermodel(hp -> {
            double x = hp.floatParam("x", 0, 1);
            return new FakeProgram(epoch -> {
                inside.countDown();
                release.await();
                return Map.of("val_reward", x);
            });
        }).build();
        Thread t = new Thread(() -> first.search(ONE_EPOCH));
        t.start();
        inside.await();
        try {
            RandomSearch second = random("busy").maxTrials(1).hypermodel(hp ->
                    FakeProgram.constant(Map.of("val_reward", hp.floatParam("x", 0, 1)))).build();
            assertThatThrownBy(() -> second.search(ONE_EPOCH))
                    .isInstanceOf(dev.tunebatch.store.SearchBusyException.class);
        } finally {
            release.countDown();
            t.join();
        }
        assertThat(first.trials()).singleElement().matches(tr -> tr.status() == TrialStatus.COMPLETED);
    }

    @Test
    void callbacksGivenToSearchReachEveryTrial() {
        List<Integer> epochs = new ArrayList<>();
        dev.tunebatch.program.Callback cb = new dev.tunebatch.program.Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                synchronized (epochs) {
                    epochs.add(epoch);
                }
            }
        };
        random("callbacks").maxTrials(2).hypermodel(hp ->
                        FakeProgram.constant(Map.of("val_reward", hp.floatParam("x", 0, 1)))).build()
                .search(FitArgs.builder().epochs(3).callbacks(cb).build());
        assertThat(epochs).containsExactly(0, 1, 2, 0, 1, 2);
    }
}
