package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.IntOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import static dev.tunebatch.oracle.bayes.OracleDriver.complete;
import static dev.tunebatch.oracle.bayes.OracleDriver.oracle;
import static dev.tunebatch.oracle.bayes.OracleDriver.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Same seed, same proposals; a search saved to JSON and reloaded continues exactly (keras-tuner's save/reload). */
class BayesianDeterminismTest {

    private static final Consumer<HyperParameters> MIXED = hp -> {
        hp.choice("optimizer", List.of("sgd", "adam", "rmsprop"));
        hp.intParam("layers", 1, 8);
        hp.floatParam("lr", 1e-5, 1e-1, FloatOptions.defaults().sampling(Sampling.LOG));
        hp.intParam("units", 16, 512, IntOptions.defaults().step(16));
    };

    private static final ToDoubleFunction<Map<String, Object>> SCORE = v -> {
        double lr = Math.log10(((Number) v.get("lr")).doubleValue()) + 3;
        double layers = ((Number) v.get("layers")).doubleValue() - 5;
        double units = Math.log(((Number) v.get("units")).doubleValue()) / Math.log(2) - 7;
        return ("adam".equals(v.get("optimizer")) ? 0 : 0.2) + 0.5 * lr * lr + 0.02 * layers * layers
                + 0.025 * units * units;
    };

    @Test
    void sameSeedSameProposalsAndAnotherSeedOthers() {
        List<Map<String, Object>> a = run(oracle(MetricDirection.MIN, 25, 42, null, MIXED), 25, SCORE);
        List<Map<String, Object>> b = run(oracle(MetricDirection.MIN, 25, 42, null, MIXED), 25, SCORE);
        List<Map<String, Object>> c = run(oracle(MetricDirection.MIN, 25, 43, null, MIXED), 25, SCORE);
        assertThat(a).hasSize(25).doesNotHaveDuplicates().isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        assertThat(c.subList(12, 25)).doesNotContainAnyElementsOf(a.subList(12, 25));
    }

    @Test
    void saveAndReloadContinuesExactly() {
        List<Map<String, Object>> uninterrupted = run(oracle(MetricDirection.MIN, 30, 5, null, MIXED), 30, SCORE);

        BayesianOptimizationOracle first = oracle(MetricDirection.MIN, 30, 5, null, MIXED);
        List<Map<String, Object>> resumed = new ArrayList<>(run(first, 17, SCORE));
        OracleDriver.Snapshot snapshot = OracleDriver.snapshot(first);
        // Another seed on purpose: the stored seed and random-stream position win.
        BayesianOptimizationOracle second = new BayesianOptimizationOracle(OracleDriver.config(MetricDirection.MIN,
                30, 999));
        snapshot.restoreInto(second);
        assertThat(second.trials()).hasSize(17);
        resumed.addAll(run(second, 30, SCORE));

        assertThat(second.trials()).hasSize(30);
        assertThat(resumed).isEqualTo(uninterrupted);
    }

    @Test
    void aTrialRunningWhenTheProcessDiedIsRunAgainThenTheSearchContinuesExactly() {
        BayesianOptimizationOracle reference = oracle(MetricDirection.MIN, 20, 9, null, MIXED);
        List<Map<String, Object>> expected = run(reference, 20, SCORE);

        BayesianOptimizationOracle first = oracle(MetricDirection.MIN, 20, 9, null, MIXED);
        run(first, 14, SCORE);
        Trial interrupted = first.createTrial("w0");
        OracleDriver.Snapshot snapshot = OracleDriver.snapshot(first);

        BayesianOptimizationOracle second = new BayesianOptimizationOracle(OracleDriver.config(MetricDirection.MIN,
                20, 1));
        snapshot.restoreInto(second);
        Trial retried = second.createTrial("w7");
        assertThat(retried.id()).isEqualTo(interrupted.id());
        assertThat(retried.hyperparameters().values()).isEqualTo(interrupted.hyperparameters().values());
        complete(second, retried, SCORE.applyAsDouble(retried.hyperparameters().values()));
        List<Map<String, Object>> rest = run(second, 20, SCORE);

        assertThat(second.trials()).hasSize(20).allSatisfy(t -> assertThat(t.status())
                .isEqualTo(TrialStatus.COMPLETED));
        assertThat(second.trials().stream().map(t -> t.hyperparameters().values()).toList()).isEqualTo(expected);
        assertThat(rest).hasSize(5);
    }
}
