package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.Checkpointable;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.FakeProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GridSearch and Hyperband through the tuner: resume, sweeps, and Hyperband's budget really applied. */
class GridAndHyperbandTunerTest {

    @TempDir
    Path dir;

    private static final Objective REWARD = Objective.of("val_reward", Direction.MAX);
    private static final FitArgs ONE_EPOCH = FitArgs.builder().epochs(1).build();

    private static FakeProgram gridProgram(dev.tunebatch.hp.HyperParameters hp) {
        String opt = hp.choice("optimizer", List.of("sgd", "adam", "rmsprop"));
        boolean bn = hp.booleanParam("batch_norm");
        return FakeProgram.constant(Map.of("val_reward", opt.length() + (bn ? 0.5 : 0.0)));
    }

    @Test
    void aGridIsExhaustedInOrderAndThenStops() {
        GridSearch tuner = GridSearch.builder().hypermodel(GridAndHyperbandTunerTest::gridProgram).objective(REWARD)
                .directory(dir).projectName("grid").verbose(false).build();
        tuner.search(ONE_EPOCH);
        assertThat(tuner.trials()).extracting(t -> t.hyperparameters().values().toString()).containsExactly(
                "{optimizer=sgd, batch_norm=false}", "{optimizer=sgd, batch_norm=true}",
                "{optimizer=adam, batch_norm=false}", "{optimizer=adam, batch_norm=true}",
                "{optimizer=rmsprop, batch_norm=false}", "{optimizer=rmsprop, batch_norm=true}");
        assertThat(tuner.trials()).extracting(Trial::id).containsExactly("0000", "0001", "0002", "0003", "0004",
                "0005");
    }

    @Test
    void anInterruptedGridResumesWithoutRepeatsOrGaps() {
        AtomicInteger calls = new AtomicInteger();
        GridSearch first = GridSearch.builder().hypermodel(hp -> {
            FakeProgram p = gridProgram(hp);
            return calls.incrementAndGet() == 4 ? FakeProgram.constant(Map.of("no_objective", 1.0)) : p;
        }).objective(REWARD).directory(dir).projectName("resume").verbose(false).build();
        assertThatThrownBy(() -> first.search(ONE_EPOCH)).isInstanceOf(FatalTrialException.class);
        assertThat(first.trials()).filteredOn(t -> t.status() == TrialStatus.RUNNING).hasSize(1);

        GridSearch resumed = GridSearch.builder().hypermodel(GridAndHyperbandTunerTest::gridProgram)
                .objective(REWARD).directory(dir).projectName("resume").verbose(false).build();
        resumed.search(ONE_EPOCH);
        List<String> values = resumed.trials().stream().map(t -> t.hyperparameters().values().toString()).toList();
        assertThat(values).hasSize(6).doesNotHaveDuplicates();
        assertThat(resumed.trials()).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    }

    @Test
    void aGridStoppedByMaxTrialsContinuesWithALargerLimit() {
        GridSearch.builder().hypermodel(GridAndHyperbandTunerTest::gridProgram).objective(REWARD).maxTrials(4)
                .directory(dir).projectName("limit").verbose(false).build().search(ONE_EPOCH);
        GridSearch more = GridSearch.builder().hypermodel(GridAndHyperbandTunerTest::gridProgram).objective(REWARD)
                .maxTrials(9).directory(dir).projectName("limit").verbose(false).build();
        more.search(ONE_EPOCH);
        assertThat(more.trials()).hasSize(6);
        assertThat(more.trials().stream().map(t -> t.hyperparameters().values()).distinct()).hasSize(6);
    }

    @Test
    void reopeningAProjectWithAnotherTunerKindFailsClearly() {
        RandomSearch.builder().hypermodel(GridAndHyperbandTunerTest::gridProgram).objective(REWARD).maxTrials(2)
                .seed(1).directory(dir).projectName("kind").verbose(false).build().search(ONE_EPOCH);
        assertThatThrownBy(() -> GridSearch.builder().hypermodel(GridAndHyperbandTunerTest::gridProgram)
                .objective(REWARD).directory(dir).projectName("kind").verbose(false).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'random'").hasMessageContaining("'grid'").hasMessageContaining("overwrite(true)");
    }

    @Test
    void aSweepRecordsEachModelsOwnMetrics() {
        Map<String, Double> answers = Map.of("model-a", 1.0, "model-b", 2.0, "model-c", 3.0);
        Map<String, Integer> tokensPerCall = Map.of("model-a", 10, "model-b", 20, "model-c", 30);
        Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
        Map<String, FakeProgram> programs = new LinkedHashMap<>();
        for (String m : List.of("model-a", "model-b", "model-c")) {
            AtomicInteger calls = callCounts.computeIfAbsent(m, k -> new AtomicInteger());
            programs.put(m, new FakeProgram(false, e -> Map.of(), (EvaluateArgs args) -> {
                int n = args.x().size();
                calls.addAndGet(n);
                return Map.of("reward", args.y().equals(List.of("2.0", "2.0")) && m.equals("model-b") ? 1.0 : 0.0,
                        "answer_value", answers.get(m), "total_tokens", (double) n * tokensPerCall.get(m));
            }));
        }
        GridSearch tuner = GridSearch.builder()
                .hypermodel(hp -> programs.get(hp.choice("language_model", List.of("model-a", "model-b", "model-c"))))
                .objective(Objective.of("reward", Direction.MAX)).maxTrials(3)
                .directory(dir).projectName("sweep").verbose(false).build();
        tuner.search(FitArgs.builder().validationData(List.of("q1", "q2"), List.of("2.0", "2.0")).build());
        List<Double> seen = new ArrayList<>();
        for (Trial t : tuner.trials()) {
            String m = (String) t.hyperparameters().get("language_model");
            assertThat(t.metrics().bestValue("total_tokens"))
                    .isEqualTo((double) tokensPerCall.get(m) * callCounts.get(m).get());
            assertThat(t.metrics().bestValue("answer_value")).isEqualTo(answers.get(m));
            seen.add(t.metrics().bestValue("answer_value"));
        }
        assertThat(new HashSet<>(seen)).hasSize(3);
        assertThat(tuner.getBestHyperparameters(1).get(0).get("language_model")).isEqualTo("model-b");
    }

    /** Trains one "unit" per epoch; its state is the number of epochs it has trained, including its parent's. */
    static final class CountingProgram extends FakeProgram implements Checkpointable {
        final List<String> restored = new CopyOnWriteArrayList<>();
        int trained;

        CountingProgram(double quality) {
            super(epoch -> Map.of("val_reward", quality * (1 - Math.pow(0.5, epoch + 1))));
        }

        @Override
        protected void onEpoch(int epoch) {
            trained++;
        }

        @Override
        public String saveState() {
            return "{\"trained\":" + trained + "}";
        }

        @Override
        public void restoreState(String json) {
            restored.add(json);
            trained = Integer.parseInt(json.replaceAll("\\D", ""));
        }
    }

    @Test
    void hyperbandHandsEachTrialItsBudgetAndItsParentsState() {
        Map<String, CountingProgram> byTrial = new ConcurrentHashMap<>();
        List<CountingProgram> built = new CopyOnWriteArrayList<>();
        Hyperband tuner = Hyperband.builder().maxEpochs(9).factor(3).seed(3)
                .hypermodel(hp -> {
                    CountingProgram p = new CountingProgram(hp.floatParam("quality", 0, 1));
                    built.add(p);
                    return p;
                })
                .objective(REWARD).directory(dir).projectName("hyperband").verbose(false).build();
        built.clear();
        tuner.search(FitArgs.builder().epochs(50).build());

        List<Trial> trials = tuner.trials();
        assertThat(trials).hasSize(23).allMatch(t -> t.status() == TrialStatus.COMPLETED);
        assertThat(built).hasSize(23);
        int totalEpochs = 0;
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            CountingProgram p = built.get(i);
            FitArgs args = p.fitCalls.get(0);
            int epochs = ((Number) t.hyperparameters().get("tuner/epochs")).intValue();
            int initial = ((Number) t.hyperparameters().get("tuner/initial_epoch")).intValue();
            assertThat(args.epochs()).isEqualTo(epochs);
            assertThat(args.initialEpoch()).isEqualTo(initial);
            totalEpochs += epochs - initial;
            if (t.hyperparameters().contains("tuner/trial_id")) {
                String parent = (String) t.hyperparameters().get("tuner/trial_id");
                int parentIndex = trials.indexOf(trials.stream().filter(x -> x.id().equals(parent)).findFirst()
                        .orElseThrow());
                assertThat(p.restored).containsExactly("{\"trained\":" + built.get(parentIndex).trained + "}");
                assertThat(p.trained).isEqualTo(epochs);
            } else {
                assertThat(p.restored).isEmpty();
            }
        }
        assertThat(totalEpochs).isEqualTo(75);
    }

    @Test
    void hyperbandHasNoMaxTrials() {
        assertThatThrownBy(() -> Hyperband.builder().maxTrials(10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEpochs");
    }
}
