package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tunebatch.oracle.bayes.OracleDriver.complete;
import static dev.tunebatch.oracle.bayes.OracleDriver.oracle;
import static dev.tunebatch.oracle.bayes.OracleDriver.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * keras-tuner's Bayesian oracle test cases and our own contract (no duplicates, pending trials, resumes), driven
 * directly through the oracle.
 */
class BayesianOptimizationOracleTest {

    private static double num(Map<String, Object> v, String key) {
        return ((Number) v.get(key)).doubleValue();
    }

    @Test
    void kindAndDefaults() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 10, 1, null, hp -> {
            hp.floatParam("a", 0, 1);
            hp.intParam("b", 1, 5);
            hp.fixed("c", "x");
        });
        assertThat(o.kind()).isEqualTo("bayesian");
        assertThat(o.alpha()).isEqualTo(1e-4);
        assertThat(o.beta()).isEqualTo(2.6);
        assertThat(o.numInitialPoints()).isNull();
        assertThat(o.initialPoints()).as("3 x searchable hyperparameters; Fixed takes no dimension").isEqualTo(6);
    }

    @Test
    void maximiseProposesTheHighSide() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MAX, 20, 3, 3, hp -> hp.floatParam("a", -1, 1));
        List<Map<String, Object>> proposed = run(o, 12, v -> num(v, "a"));
        List<Double> modelBased = proposed.subList(3, proposed.size()).stream().map(v -> num(v, "a")).toList();
        assertThat(modelBased.get(0)).isGreaterThan(0.0);
        assertThat(modelBased.stream().filter(a -> a > 0).count()).as("mostly the high side, exploring a little")
                .isGreaterThanOrEqualTo(modelBased.size() * 3L / 4);
        assertThat(o.getBestTrials(1).get(0).score()).isGreaterThan(0.95);
    }

    @Test
    void stepIsRespectedAndASmallSpaceIsExhaustedWithoutDuplicates() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MAX, 20, 5, 2,
                hp -> hp.floatParam("c", 0, 10, FloatOptions.defaults().step(3)));
        List<Map<String, Object>> proposed = run(o, 20, v -> num(v, "c"));
        assertThat(proposed).extracting(v -> v.get("c")).containsExactlyInAnyOrder(0.0, 3.0, 6.0, 9.0);
        assertThat(o.createTrial("w0").status()).isEqualTo(TrialStatus.STOPPED);
    }

    @Test
    void stepIsRespectedByModelBasedProposals() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 25, 6, 3, hp -> {
            hp.floatParam("c", 0, 10, FloatOptions.defaults().step(3));
            hp.floatParam("x", 0, 1);
        });
        List<Map<String, Object>> proposed = run(o, 25, v -> Math.abs(num(v, "c") - 6) + num(v, "x"));
        assertThat(proposed).hasSize(25).allSatisfy(v -> assertThat(v.get("c")).isIn(0.0, 3.0, 6.0, 9.0));
    }

    @Test
    void floatOptimisationReachesThreeWithinFiftyTrials() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MAX, 50, 7, null, hp -> {
            for (String n : List.of("a", "b", "c", "d")) {
                hp.floatParam(n, -1, 1);
            }
        });
        run(o, 50, v -> -Math.pow(num(v, "a"), 3) + Math.pow(num(v, "b"), 3) + num(v, "c") - Math.abs(num(v, "d")));
        assertThat(o.trials()).hasSize(50);
        assertThat(o.getBestTrials(1).get(0).score()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void exhaustedSpaceOfTwoBooleansStopsAfterFour() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 10, 1, null, hp -> {
            hp.booleanParam("a");
            hp.booleanParam("b");
        });
        List<Map<String, Object>> proposed = run(o, 10, v -> 0.0);
        assertThat(proposed).hasSize(4).doesNotHaveDuplicates();
        assertThat(o.createTrial("w0").status()).isEqualTo(TrialStatus.STOPPED);
    }

    @Test
    void exhaustedSpaceStopsAlsoInTheModelPhase() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 30, 2, 2, hp -> {
            hp.booleanParam("a");
            hp.choice("b", List.of("x", "y", "z"));
        });
        List<Map<String, Object>> proposed = run(o, 30, v -> (Boolean) v.get("a") ? 1.0 : 0.0);
        assertThat(proposed).hasSize(6).doesNotHaveDuplicates();
        assertThat(o.createTrial("w0").status()).isEqualTo(TrialStatus.STOPPED);
    }

    @Test
    void neverProposesATriedValueSet() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 40, 11, 4, hp -> {
            hp.intParam("layers", 1, 4);
            hp.choice("act", List.of("relu", "tanh"));
            hp.booleanParam("bn");
        });
        // A smooth objective with one best value set: a model-based search keeps wanting to return to it.
        List<Map<String, Object>> proposed = run(o, 40, v -> Math.abs(num(v, "layers") - 2)
                + ("relu".equals(v.get("act")) ? 0 : 1) + ((Boolean) v.get("bn") ? 0 : 0.5));
        assertThat(proposed).doesNotHaveDuplicates();
        assertThat(proposed.size()).isLessThanOrEqualTo(16);
        assertThat(proposed.subList(0, Math.min(10, proposed.size()))).contains(
                Map.of("layers", 2, "act", "relu", "bn", true));
    }

    @Test
    void failedAndInvalidTrialsAreSkipped() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 30, 4, 3, hp -> {
            hp.floatParam("x", 0, 1);
            hp.floatParam("y", 0, 1);
        });
        int completed = 0;
        for (int i = 0; i < 12; i++) {
            Trial t = o.createTrial("w0");
            Map<String, Object> v = t.hyperparameters().values();
            if (i % 3 == 1) {
                // A failure that reported an absurd score first: it must not attract or repel the model.
                o.updateTrial(t.id(), Map.of("score", -1e9), 0);
                t.setStatus(TrialStatus.FAILED);
                o.endTrial(t);
            } else if (i % 3 == 2) {
                t.setStatus(TrialStatus.INVALID);
                o.endTrial(t);
            } else {
                complete(o, t, Math.pow(num(v, "x") - 0.3, 2) + Math.pow(num(v, "y") - 0.6, 2));
                completed++;
            }
        }
        assertThat(o.trials()).extracting(Trial::status).contains(TrialStatus.FAILED, TrialStatus.COMPLETED);
        @SuppressWarnings("unchecked")
        Map<String, Object> kernel = (Map<String, Object>) ((Map<String, Object>) o.state().get("algorithm"))
                .get("kernel");
        assertThat(((Number) kernel.get("fitted_at")).intValue()).as("the model saw only COMPLETED trials")
                .isLessThanOrEqualTo(completed);
        assertThat(kernel).containsKey("params");
    }

    @Test
    void spaceGrowingDuringTheSearchIsModelled() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 40, 8, 3, hp -> hp.floatParam("a", 0, 1));
        run(o, 6, v -> num(v, "a"));
        assertThat(o.initialPoints()).isEqualTo(3);
        // A trial discovers a new hyperparameter while it runs; end_trial adds it to the space.
        Trial t = o.createTrial("w0");
        HyperParameters hps = t.hyperparameters();
        hps.floatParam("b", 0, 1);
        complete(o, t, num(hps.values(), "a") + num(hps.values(), "b"));
        assertThat(o.getSpace().space()).extracting(h -> h.name()).containsExactly("a", "b");
        List<Map<String, Object>> later = run(o, 10, v -> num(v, "a") + num(v, "b"));
        assertThat(later).hasSize(10).allSatisfy(v -> assertThat(v).containsKeys("a", "b")).doesNotHaveDuplicates();
        assertThat(o.getBestTrials(1).get(0).score()).isLessThan(0.3);
    }

    @Test
    void conditionalHyperparametersOnlyAppearWhenActive() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MIN, 30, 9, 4, hp -> {
            hp.choice("model", List.of("mlp", "cnn"));
            // Declared in both branches, as the tuner does when it activates every conditional scope.
            try (var scope = hp.openConditionalScope("model", List.of("mlp"))) {
                hp.intParam("units", 1, 64);
            }
            try (var scope = hp.openConditionalScope("model", List.of("cnn"))) {
                hp.floatParam("filters", 0, 1);
            }
        });
        List<Map<String, Object>> proposed = run(o, 30, v -> "mlp".equals(v.get("model"))
                ? Math.abs(num(v, "units") - 40) / 64.0 : 0.5 + num(v, "filters"));
        assertThat(proposed).hasSize(30).doesNotHaveDuplicates().allSatisfy(v -> {
            if ("mlp".equals(v.get("model"))) {
                assertThat(v).containsOnlyKeys("model", "units");
            } else {
                assertThat(v).containsOnlyKeys("model", "filters");
            }
        });
        assertThat(o.getBestTrials(1).get(0).score()).isLessThan(0.05);
    }

    @Test
    void parallelWorkersWithPendingTrialsSpreadOut() {
        BayesianOptimizationOracle o = oracle(MetricDirection.MAX, 44, 12, 4, hp -> {
            hp.floatParam("a", -1, 1);
            hp.floatParam("b", -1, 1);
        });
        List<String> workers = List.of("w0", "w1", "w2", "w3");
        double minSpread = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 11; round++) {
            List<Trial> running = new ArrayList<>();
            for (String w : workers) {
                Trial t = o.createTrial(w);
                assertThat(t.status()).isEqualTo(TrialStatus.RUNNING);
                running.add(t);
            }
            assertThat(o.ongoingTrialIds()).hasSize(4);
            for (int i = 0; i < running.size(); i++) {
                for (int j = i + 1; j < running.size(); j++) {
                    Map<String, Object> p = running.get(i).hyperparameters().values();
                    Map<String, Object> q = running.get(j).hyperparameters().values();
                    minSpread = Math.min(minSpread,
                            Math.hypot(num(p, "a") - num(q, "a"), num(p, "b") - num(q, "b")));
                }
            }
            for (Trial t : running) {
                Map<String, Object> v = t.hyperparameters().values();
                complete(o, t, -(Math.pow(num(v, "a") - 0.2, 2) + Math.pow(num(v, "b") + 0.3, 2)));
            }
        }
        assertThat(minSpread).as("no two simultaneous proposals coincide").isGreaterThan(1e-3);
        assertThat(o.getBestTrials(1).get(0).score()).isGreaterThan(-0.01);
    }

    @Test
    void invalidArgumentsAreRejectedWithTheFieldNamed() {
        var config = OracleDriver.config(MetricDirection.MIN, 5, 1);
        assertThatThrownBy(() -> new BayesianOptimizationOracle(config, 0, 1e-4, 2.6))
                .hasMessageContaining("numInitialPoints").hasMessageContaining("null");
        assertThatThrownBy(() -> new BayesianOptimizationOracle(config, null, -1, 2.6))
                .hasMessageContaining("alpha: -1.0");
        assertThatThrownBy(() -> new BayesianOptimizationOracle(config, null, 1e-4, Double.NaN))
                .hasMessageContaining("beta: NaN");
    }

    @Test
    void aRandomSearchStateCannotBeLoadedAsBayesian() {
        RandomSearchOracle random = new RandomSearchOracle(OracleDriver.config(MetricDirection.MIN, 5, 1));
        assertThatThrownBy(() -> new BayesianOptimizationOracle(OracleDriver.config(MetricDirection.MIN, 5, 1))
                .restore(random.state(), List.of(), true)).hasMessageContaining("'random'");
    }
}
