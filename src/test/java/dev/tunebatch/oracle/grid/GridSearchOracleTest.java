package dev.tunebatch.oracle.grid;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.support.OracleHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static dev.tunebatch.oracle.support.OracleHarness.complete;
import static dev.tunebatch.oracle.support.OracleHarness.noModel;
import static dev.tunebatch.oracle.support.OracleHarness.runSequentially;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GridSearchOracleTest {

    private static GridSearchOracle oracle() {
        return new GridSearchOracle(OracleHarness.config(MetricDirection.MAX));
    }

    private static GridSearchOracle oracle(HyperParameters space) {
        GridSearchOracle oracle = oracle();
        oracle.updateSpace(space);
        return oracle;
    }

    private static List<Map<String, Object>> valuesOf(List<Trial> trials) {
        return trials.stream().map(t -> t.hyperparameters().values()).toList();
    }

    private static List<Map<String, Object>> runAll(GridSearchOracle oracle, Consumer<HyperParameters> model) {
        return valuesOf(runSequentially(oracle, model, t -> Integer.parseInt(t.id())));
    }

    @Test
    void exploresTheWholeSpaceDiscoveredInTheFirstTrial() {
        Consumer<HyperParameters> model = hp -> {
            hp.choice("units_1", List.of(2, 4));
            hp.booleanParam("dropout", true);
            hp.choice("units_2", List.of(1, 3));
            hp.choice("optimizer", List.of("adam", "sgd", "rmsprop"));
            hp.fixed("loss", "binary_crossentropy");
        };
        GridSearchOracle oracle = oracle();

        List<Map<String, Object>> explored = runAll(oracle, model);

        assertThat(oracle.getSpace().space()).extracting(h -> h.name())
                .containsExactly("units_1", "dropout", "units_2", "optimizer", "loss");
        assertThat(explored).hasSize(24).doesNotHaveDuplicates();
        for (int u1 : List.of(2, 4)) {
            for (int u2 : List.of(1, 3)) {
                for (String opt : List.of("adam", "sgd", "rmsprop")) {
                    for (boolean dropout : List.of(true, false)) {
                        assertThat(explored).contains(Map.of("units_1", u1, "units_2", u2, "optimizer", opt,
                                "loss", "binary_crossentropy", "dropout", dropout));
                    }
                }
            }
        }
    }

    @Test
    void walksTheGridLastDeclaredFastestWithDefaultsFirst() {
        HyperParameters space = new HyperParameters();
        space.choice("optimizer", List.of("sgd", "adam", "rmsprop"));
        space.intParam("layers", 1, 3);
        space.booleanParam("bn");

        List<String> order = runAll(oracle(space), noModel()).stream()
                .map(v -> v.get("optimizer") + "," + v.get("layers") + "," + ((Boolean) v.get("bn") ? "T" : "F"))
                .toList();

        List<String> expected = new ArrayList<>();
        for (String opt : List.of("sgd", "adam", "rmsprop")) {
            for (int layers = 1; layers <= 3; layers++) {
                expected.add(opt + "," + layers + ",F");
                expected.add(opt + "," + layers + ",T");
            }
        }
        assertThat(order).containsExactlyElementsOf(expected);
        assertThat(order.subList(0, 3)).containsExactly("sgd,1,F", "sgd,1,T", "sgd,2,F");
    }

    @Test
    void startsFromNonFirstDefaults() {
        HyperParameters space = new HyperParameters();
        space.choice("units", List.of(8, 16, 32), null, 16);

        assertThat(runAll(oracle(space), noModel())).extracting(v -> v.get("units")).containsExactly(16, 8, 32);
    }

    @Test
    void crossesAnIntWithTheTenPointsAndDefaultOfAFloat() {
        Consumer<HyperParameters> model = hp -> {
            hp.intParam("int", 1, 5);
            hp.floatParam("float", 1, 2);
        };

        List<Map<String, Object>> explored = runAll(oracle(), model);

        assertThat(explored).hasSize(5 * (10 + 1)).doesNotHaveDuplicates();
        // Without a step the ten points are sorted (keras-tuner keeps Python's set order); the default comes first.
        List<Double> floats = explored.subList(0, 11).stream().map(v -> (Double) v.get("float")).toList();
        assertThat(floats.get(0)).isEqualTo(1.0);
        for (int i = 1; i <= 10; i++) {
            assertThat(floats.get(i)).isCloseTo(0.95 + i * 0.1, within(1e-9));
        }
    }

    @Test
    void crossesAStepFloatWithAContinuousOne() {
        HyperParameters space = new HyperParameters();
        space.floatParam("a", 0, 1, FloatOptions.defaults().step(0.5));
        space.floatParam("b", 1, 2);

        List<Map<String, Object>> explored = runAll(oracle(space), noModel());

        assertThat(explored).hasSize(3 * 11).doesNotHaveDuplicates();
        assertThat(explored).extracting(v -> v.get("a")).containsOnly(0.0, 0.5, 1.0);
    }

    @Test
    void expandsAHyperparameterFirstSeenDuringATrial() {
        Consumer<HyperParameters> model = hp -> {
            if (hp.booleanParam("bool")) {
                hp.choice("choice1", List.of(0, 1, 2));
            } else {
                hp.choice("choice2", List.of(3, 4, 5));
            }
        };

        List<Map<String, Object>> explored = runAll(oracle(), model);

        assertThat(explored).hasSize(3 + 3 * 3).doesNotHaveDuplicates();
        assertThat(explored.subList(0, 4)).containsExactly(
                Map.of("bool", false, "choice2", 3),
                Map.of("bool", false, "choice2", 4),
                Map.of("bool", false, "choice2", 5),
                Map.of("bool", true, "choice2", 3, "choice1", 0));
    }

    @Test
    void expandsAHyperparameterDeclaredOnlyWhileFitting() {
        HyperParameters space = new HyperParameters();
        space.fixed("fixed", 3);

        List<Map<String, Object>> explored = runAll(oracle(space), hp -> hp.choice("choice", List.of(0, 1, 2)));

        assertThat(explored).extracting(v -> v.get("choice")).containsExactly(0, 1, 2);
    }

    @Test
    void visitsEachConditionalBranchInDeclarationOrder() {
        HyperParameters space = new HyperParameters();
        space.choice("model", List.of("mlp", "cnn"));
        try (var ignored = space.openConditionalScope("model", List.of("mlp"))) {
            space.choice("units", List.of(1, 2));
        }
        try (var ignored = space.openConditionalScope("model", List.of("cnn"))) {
            space.choice("filters", List.of(8, 16));
        }
        space.booleanParam("bn");

        assertThat(runAll(oracle(space), noModel())).containsExactly(
                Map.of("model", "mlp", "units", 1, "bn", false),
                Map.of("model", "mlp", "units", 1, "bn", true),
                Map.of("model", "mlp", "units", 2, "bn", false),
                Map.of("model", "mlp", "units", 2, "bn", true),
                Map.of("model", "cnn", "filters", 8, "bn", false),
                Map.of("model", "cnn", "filters", 8, "bn", true),
                Map.of("model", "cnn", "filters", 16, "bn", false),
                Map.of("model", "cnn", "filters", 16, "bn", true));
    }

    /** keras-tuner's test_conditional_scope: build-time branches known in advance, fit-time ones discovered. */
    private static HyperParameters buildTimeBranches() {
        HyperParameters space = new HyperParameters();
        space.booleanParam("bool");
        try (var ignored = space.openConditionalScope("bool", List.of(true))) {
            space.choice("choice1", List.of(1, 2));
        }
        try (var ignored = space.openConditionalScope("bool", List.of(false))) {
            space.choice("choice2", List.of(3, 4));
        }
        return space;
    }

    private static final Consumer<HyperParameters> FIT_TIME_BRANCHES = hp -> {
        hp.booleanParam("bool2");
        hp.conditionalScope("bool2", List.of(true), () -> hp.choice("choice3", List.of(1, 2)));
        hp.conditionalScope("bool2", List.of(false), () -> hp.choice("choice4", List.of(3, 4)));
    };

    @Test
    void expandsConditionalBranchesFoundDuringTrials() {
        List<Map<String, Object>> explored = runAll(oracle(buildTimeBranches()), FIT_TIME_BRANCHES);

        assertThat(explored).hasSize(4 * 4).doesNotHaveDuplicates();
    }

    @Test
    void waitsForRunningTrialsThatMayRevealHyperparameters() {
        HyperParameters space = new HyperParameters();
        space.booleanParam("bool");
        GridSearchOracle oracle = oracle(space);
        Consumer<Trial> runAndEnd = t -> {
            t.hyperparameters().booleanParam("bool2");
            complete(oracle, t, 0.5);
        };

        Trial t1 = oracle.createTrial("1");
        Trial t2 = oracle.createTrial("2");
        assertThat(List.of(t1.status(), t2.status())).containsOnly(TrialStatus.RUNNING);
        // Both values of bool are taken and bool2 is not known yet.
        assertThat(oracle.createTrial("3").status()).isEqualTo(TrialStatus.IDLE);

        runAndEnd.accept(t1);
        // bool2 was found in t1, so its other value follows t1.
        Trial t3 = oracle.createTrial("3");
        assertThat(t3.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(t3.hyperparameters().values()).isEqualTo(Map.of("bool", false, "bool2", true));
        // Nothing is left between t1 and t2 until t2 ends.
        assertThat(oracle.createTrial("4").status()).isEqualTo(TrialStatus.IDLE);

        runAndEnd.accept(t2);
        Trial t4 = oracle.createTrial("4");
        assertThat(t4.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(t4.hyperparameters().values()).isEqualTo(Map.of("bool", true, "bool2", true));
        assertThat(oracle.createTrial("5").status()).isEqualTo(TrialStatus.IDLE);

        runAndEnd.accept(t3);
        runAndEnd.accept(t4);
        assertThat(oracle.createTrial("5").status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(oracle.trials()).hasSize(4);
    }

    @Test
    void honoursMaxTrials() {
        HyperParameters space = new HyperParameters();
        space.intParam("n", 1, 10);
        GridSearchOracle oracle = new GridSearchOracle(
                OracleConfig.defaults(ObjectiveSpec.single(OracleHarness.SCORE, MetricDirection.MIN), 4, 1));
        oracle.updateSpace(space);

        assertThat(runAll(oracle, noModel())).extracting(v -> v.get("n")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aRetriedTrialKeepsItsIdAndTheGridGoesOn() {
        HyperParameters space = new HyperParameters();
        space.intParam("n", 1, 3);
        space.booleanParam("b");
        GridSearchOracle oracle = new GridSearchOracle(new OracleConfig(
                ObjectiveSpec.single(OracleHarness.SCORE, MetricDirection.MAX), null, 1, 1, 3, 20, true, true));
        oracle.updateSpace(space);

        complete(oracle, oracle.createTrial("w"), 1);
        Trial crashed = oracle.createTrial("w");
        crashed.setStatus(TrialStatus.INVALID);
        oracle.endTrial(crashed);
        Trial retried = oracle.createTrial("w");
        assertThat(retried.id()).isEqualTo(crashed.id());
        assertThat(retried.hyperparameters().values()).isEqualTo(crashed.hyperparameters().values());
        complete(oracle, retried, 2);
        runAll(oracle, noModel());

        List<Trial> trials = oracle.trials();
        assertThat(trials).hasSize(6).allMatch(t -> t.status() == TrialStatus.COMPLETED);
        assertThat(valuesOf(trials)).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- resume

    @Test
    void aRestoredOracleContinuesTheGridWhereItStopped() {
        List<Map<String, Object>> uninterrupted = runAll(oracle(buildTimeBranches()), FIT_TIME_BRANCHES);

        for (int done = 0; done < uninterrupted.size(); done++) {
            GridSearchOracle first = oracle(buildTimeBranches());
            for (int i = 0; i < done; i++) {
                Trial t = first.createTrial("worker");
                FIT_TIME_BRANCHES.accept(t.hyperparameters());
                complete(first, t, i);
            }
            Trial interrupted = first.createTrial("worker");
            OracleHarness.Stored stored = OracleHarness.persist(first);

            GridSearchOracle resumed = OracleHarness.restore(oracle(), stored);
            Trial rerun = resumed.createTrial("other-worker");
            assertThat(rerun.id()).as("cut after %d trials", done).isEqualTo(interrupted.id());
            FIT_TIME_BRANCHES.accept(rerun.hyperparameters());
            complete(resumed, rerun, done);
            runAll(resumed, FIT_TIME_BRANCHES);

            List<Trial> all = resumed.trials();
            assertThat(valuesOf(all)).as("cut after %d trials", done).containsExactlyElementsOf(uninterrupted);
            assertThat(all).extracting(Trial::id).doesNotHaveDuplicates();
        }
    }

    @Test
    void aRestoredOracleFinishesAGridInterruptedWithParallelTrials() {
        List<Map<String, Object>> uninterrupted = runAll(oracle(buildTimeBranches()), FIT_TIME_BRANCHES);
        GridSearchOracle first = oracle(buildTimeBranches());
        Trial t0 = first.createTrial("a");
        Trial runningB = first.createTrial("b");
        FIT_TIME_BRANCHES.accept(t0.hyperparameters());
        complete(first, t0, 0);
        Trial runningA = first.createTrial("a");
        assertThat(List.of(runningA.status(), runningB.status())).containsOnly(TrialStatus.RUNNING);

        GridSearchOracle resumed = OracleHarness.restore(oracle(), OracleHarness.persist(first));
        Set<String> rerun = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            Trial t = resumed.createTrial("w" + i);
            rerun.add(t.id());
            FIT_TIME_BRANCHES.accept(t.hyperparameters());
            complete(resumed, t, i);
        }
        assertThat(rerun).containsExactlyInAnyOrder(runningA.id(), runningB.id());
        runAll(resumed, FIT_TIME_BRANCHES);

        List<Map<String, Object>> explored = valuesOf(resumed.trials());
        assertThat(explored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    @Test
    void rebuildsItsOrderFromTheTrialsWhenTheStateHasNoGridData() {
        HyperParameters space = new HyperParameters();
        space.intParam("n", 1, 3);
        space.booleanParam("b");
        GridSearchOracle first = oracle(space);
        for (int i = 0; i < 3; i++) {
            complete(first, first.createTrial("w"), i);
        }
        OracleHarness.Stored stored = OracleHarness.persist(first);
        stored.state().put("algorithm", Map.of());

        GridSearchOracle resumed = OracleHarness.restore(oracle(), stored);
        runAll(resumed, noModel());

        assertThat(valuesOf(resumed.trials())).hasSize(6).doesNotHaveDuplicates();
    }
}
