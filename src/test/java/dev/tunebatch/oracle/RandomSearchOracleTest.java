package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.Values;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static dev.tunebatch.oracle.OracleFixtures.VAL_LOSS;
import static dev.tunebatch.oracle.OracleFixtures.complete;
import static dev.tunebatch.oracle.OracleFixtures.config;
import static dev.tunebatch.oracle.OracleFixtures.random;
import static org.assertj.core.api.Assertions.assertThat;

/** Random search on top of the oracle base. */
class RandomSearchOracleTest {

    private static final Consumer<HyperParameters> BRANIN = hp -> {
        hp.floatParam("x1", -5, 10);
        hp.floatParam("x2", 0, 15);
    };

    /** Runs trials to the end (or {@code limit}), completing each; returns every trial's values. */
    private static List<Map<String, Object>> run(RandomSearchOracle oracle, int limit) {
        List<Map<String, Object>> seen = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            Trial t = oracle.createTrial("tuner0");
            if (t.status() == TrialStatus.STOPPED) {
                break;
            }
            assertThat(t.status()).isEqualTo(TrialStatus.RUNNING);
            seen.add(t.hyperparameters().values());
            complete(oracle, t, "val_loss", i);
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 42, 1234})
    void twoBooleansGiveExactlyFourTrialsThenStop(long seed) {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 10, seed, 0), hp -> {
            hp.booleanParam("a");
            hp.booleanParam("b");
        });
        List<Map<String, Object>> seen = run(oracle, 100);
        assertThat(seen).hasSize(4).doesNotHaveDuplicates();
        assertThat(oracle.trials()).hasSize(4);
        Trial stopped = oracle.createTrial("tuner0");
        assertThat(stopped.status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(oracle.createTrial("other").status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(oracle.trials()).hasSize(4);
    }

    @Test
    void neverRepeatsAValueSet() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, null, 9, 0), hp -> {
            hp.choice("opt", List.of("sgd", "adam", "rmsprop", "adagrad", "ftrl"));
            hp.booleanParam("bn");
        });
        List<Map<String, Object>> seen = run(oracle, 1000);
        assertThat(seen).hasSize(10).doesNotHaveDuplicates();
        assertThat(oracle.createTrial("x").status()).isEqualTo(TrialStatus.STOPPED);
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        List<Map<String, Object>> a = run(random(config(VAL_LOSS, 20, 42, 0), BRANIN), 20);
        List<Map<String, Object>> b = run(random(config(VAL_LOSS, 20, 42, 0), BRANIN), 20);
        List<Map<String, Object>> c = run(random(config(VAL_LOSS, 20, 43, 0), BRANIN), 20);
        assertThat(a).hasSize(20).isEqualTo(b);
        assertThat(c).hasSize(20).isNotEqualTo(a);
        for (Map<String, Object> v : a) {
            assertThat((Double) v.get("x1")).isBetween(-5.0, 10.0);
            assertThat((Double) v.get("x2")).isBetween(0.0, 15.0);
        }
    }

    @Test
    void nearbySeedsAreNotShiftedCopiesOfOneStream() {
        Set<Double> one = new HashSet<>();
        run(random(config(VAL_LOSS, 30, 1, 0), BRANIN), 30).forEach(v -> {
            one.add((Double) v.get("x1"));
            one.add((Double) v.get("x2"));
        });
        assertThat(one).hasSize(60);
        for (long seed : new long[] {2, 3, 4}) {
            Set<Double> other = new HashSet<>();
            run(random(config(VAL_LOSS, 30, seed, 0), BRANIN), 30).forEach(v -> {
                other.add((Double) v.get("x1"));
                other.add((Double) v.get("x2"));
            });
            other.retainAll(one);
            assertThat(other).as("values shared by seeds 1 and %d", seed).isEmpty();
        }
    }

    @Test
    void onlyActiveHyperparametersGetValues() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 40, 5, 0), hp -> {
            hp.choice("model", List.of("mlp", "cnn"));
            try (HyperParameters.ConditionalScope s = hp.openConditionalScope("model", List.of("mlp"))) {
                hp.intParam("units", 1, 64);
            }
            try (HyperParameters.ConditionalScope s = hp.openConditionalScope("model", List.of("cnn"))) {
                hp.intParam("filters", 1, 64);
            }
        });
        Set<Object> models = new HashSet<>();
        for (Map<String, Object> v : run(oracle, 40)) {
            models.add(v.get("model"));
            if ("mlp".equals(v.get("model"))) {
                assertThat(v).containsOnlyKeys("model", "units");
            } else {
                assertThat(v).containsOnlyKeys("model", "filters");
            }
        }
        assertThat(models).containsExactlyInAnyOrder("mlp", "cnn");
    }

    @Test
    void hyperparametersFoundDuringATrialJoinTheSpace() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 20, 11, 0), hp -> hp.intParam("a", 0, 100));
        Trial first = oracle.createTrial("tuner0");
        assertThat(first.hyperparameters().values()).containsOnlyKeys("a");
        // the hypermodel declares a new one while building with the trial's hyperparameters
        int b = first.hyperparameters().intParam("b", 0, 100, dev.tunebatch.hp.IntOptions.defaults().defaultValue(50));
        assertThat(b).isEqualTo(50);
        complete(oracle, first, "val_loss", 1.0);
        assertThat(oracle.getSpace().space()).extracting(h -> h.name()).containsExactly("a", "b");
        assertThat(oracle.getTrial(first.id()).hyperparameters().values()).containsEntry("b", 50);
        Set<Object> bs = new HashSet<>();
        for (Map<String, Object> v : run(oracle, 10)) {
            assertThat(v).containsOnlyKeys("a", "b");
            bs.add(v.get("b"));
        }
        assertThat(bs).hasSizeGreaterThan(1);
    }

    @Test
    void maxTrialsBoundsTheSearch() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 3, 1, 0), BRANIN);
        List<Map<String, Object>> seen = run(oracle, 10);
        assertThat(seen).hasSize(3);
        assertThat(oracle.trials()).extracting(Trial::id).containsExactly("0", "1", "2");
        assertThat(oracle.remainingTrials()).isZero();
        assertThat(oracle.kind()).isEqualTo(RandomSearchOracle.KIND).isEqualTo("random");
    }

    @Test
    void valuesUseEachHyperparametersMapping() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 50, 3, 0), hp -> {
            hp.floatParam("lr", 1e-4, 1e-1, dev.tunebatch.hp.FloatOptions.defaults()
                    .sampling(dev.tunebatch.hp.Sampling.LOG));
            hp.intParam("units", 16, 128, dev.tunebatch.hp.IntOptions.defaults().step(16));
            hp.fixed("opt", "adam");
        });
        for (Map<String, Object> v : run(oracle, 50)) {
            assertThat((Double) v.get("lr")).isBetween(1e-4, 1e-1);
            assertThat((Integer) v.get("units") % 16).isZero();
            assertThat(v.get("opt")).isEqualTo("adam");
            assertThat(Values.canonical(v)).contains("units=i:");
        }
    }
}
