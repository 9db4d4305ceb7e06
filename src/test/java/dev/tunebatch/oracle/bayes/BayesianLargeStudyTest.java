package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.oracle.MetricDirection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import static dev.tunebatch.oracle.bayes.OracleDriver.oracle;
import static dev.tunebatch.oracle.bayes.OracleDriver.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A study larger than the model's training subset: the model still finds the optimum, and a resumed search
 * proposes exactly what an uninterrupted one does, across a scheduled refit. The random phase is made long
 * ({@code numInitialPoints}) so that the test reaches the subset quickly.
 */
class BayesianLargeStudyTest {

    private static final int RANDOM_TRIALS = TrainingSubset.standard().limit() + 4;

    private static final Consumer<HyperParameters> PLANE = hp -> {
        hp.floatParam("x", 0, 1);
        hp.floatParam("y", 0, 1);
    };

    private static final ToDoubleFunction<Map<String, Object>> BOWL = v -> {
        double x = ((Number) v.get("x")).doubleValue() - 0.37;
        double y = ((Number) v.get("y")).doubleValue() - 0.81;
        return x * x + 3 * y * y;
    };

    /** Categories, integers and a log-scaled float: every kind of coordinate the subset measures. */
    private static final Consumer<HyperParameters> MIXED = hp -> {
        hp.choice("optimizer", List.of("sgd", "adam", "rmsprop"));
        hp.intParam("layers", 1, 8);
        hp.floatParam("lr", 1e-5, 1e-1, FloatOptions.defaults().sampling(Sampling.LOG));
    };

    private static final ToDoubleFunction<Map<String, Object>> MIXED_SCORE = v -> {
        double lr = Math.log10(((Number) v.get("lr")).doubleValue()) + 3;
        double layers = ((Number) v.get("layers")).doubleValue() - 5;
        return ("adam".equals(v.get("optimizer")) ? 0 : 0.2) + 0.5 * lr * lr + 0.02 * layers * layers;
    };

    private static BayesianOptimizationOracle largeStudy(int maxTrials, long seed) {
        return oracle(MetricDirection.MIN, maxTrials, seed, RANDOM_TRIALS, PLANE);
    }

    @Test
    void beyondTheSubsetTheModelStillHomesIn() {
        BayesianOptimizationOracle o = largeStudy(RANDOM_TRIALS + 12, 21);
        run(o, RANDOM_TRIALS, BOWL);
        double bestRandom = o.getBestTrials(1).get(0).score();
        List<Map<String, Object>> modelled = run(o, 12, BOWL);

        assertThat(modelled).hasSize(12).doesNotHaveDuplicates();
        assertThat(kernel(o)).containsEntry("full_fit_at", RANDOM_TRIALS);
        assertThat(modelled.stream().mapToDouble(BOWL).min().orElseThrow())
                .as("better than %d random trials", RANDOM_TRIALS).isLessThan(bestRandom);
    }

    @Test
    void aResumedLargeStudyProposesWhatAnUninterruptedOneDoes() {
        int total = RANDOM_TRIALS + 30;
        int stopAt = RANDOM_TRIALS + 12;
        BayesianOptimizationOracle reference = oracle(MetricDirection.MIN, total, 8, RANDOM_TRIALS, MIXED);
        List<Map<String, Object>> uninterrupted = run(reference, total, MIXED_SCORE);

        BayesianOptimizationOracle first = oracle(MetricDirection.MIN, total, 8, RANDOM_TRIALS, MIXED);
        List<Map<String, Object>> resumed = new ArrayList<>(run(first, stopAt, MIXED_SCORE));
        OracleDriver.Snapshot snapshot = OracleDriver.snapshot(first);
        BayesianOptimizationOracle second = new BayesianOptimizationOracle(OracleDriver.config(MetricDirection.MIN,
                total, 1), RANDOM_TRIALS, BayesianOptimizationOracle.DEFAULT_ALPHA,
                BayesianOptimizationOracle.DEFAULT_BETA);
        snapshot.restoreInto(second);
        resumed.addAll(run(second, total - stopAt, MIXED_SCORE));

        assertThat(resumed).hasSize(total).doesNotHaveDuplicates().isEqualTo(uninterrupted);
        assertThat(((Number) kernel(second).get("fitted_at")).intValue())
                .as("a warm refit happened after the resume").isGreaterThan(stopAt);
        assertThat(kernel(second)).as("the same fits at the same times").isEqualTo(kernel(reference));
        assertThat(second.state().get("rng_counter")).isEqualTo(reference.state().get("rng_counter"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kernel(BayesianOptimizationOracle o) {
        return (Map<String, Object>) ((Map<String, Object>) o.state().get("algorithm")).get("kernel");
    }
}
