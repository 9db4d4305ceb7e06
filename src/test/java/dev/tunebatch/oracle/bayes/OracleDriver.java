package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/** Test helper: drives an oracle directly, as one sequential worker or several, and round-trips it through JSON. */
final class OracleDriver {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OracleDriver() {
    }

    static OracleConfig config(MetricDirection direction, int maxTrials, long seed) {
        return OracleConfig.defaults(ObjectiveSpec.single("score", direction), maxTrials, seed);
    }

    static BayesianOptimizationOracle oracle(MetricDirection direction, int maxTrials, long seed,
                                             Integer initialPoints, Consumer<HyperParameters> space) {
        BayesianOptimizationOracle oracle = new BayesianOptimizationOracle(config(direction, maxTrials, seed),
                initialPoints, BayesianOptimizationOracle.DEFAULT_ALPHA, BayesianOptimizationOracle.DEFAULT_BETA);
        HyperParameters hp = new HyperParameters();
        space.accept(hp);
        oracle.updateSpace(hp);
        return oracle;
    }

    /** Completes one trial of {@code tunerId} with {@code f}'s score; returns the trial, or a STOPPED/IDLE one. */
    static Trial step(Oracle oracle, String tunerId, ToDoubleFunction<Map<String, Object>> f) {
        Trial t = oracle.createTrial(tunerId);
        if (t.status() != TrialStatus.RUNNING) {
            return t;
        }
        complete(oracle, t, f.applyAsDouble(t.hyperparameters().values()));
        return t;
    }

    static void complete(Oracle oracle, Trial t, double score) {
        oracle.updateTrial(t.id(), Map.of("score", score), 0);
        t.setStatus(TrialStatus.COMPLETED);
        oracle.endTrial(t);
    }

    /** Runs up to {@code trials} sequential trials; returns the value sets proposed, in order. */
    static List<Map<String, Object>> run(Oracle oracle, int trials, ToDoubleFunction<Map<String, Object>> f) {
        List<Map<String, Object>> proposed = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            Trial t = step(oracle, "w0", f);
            if (t.status() == TrialStatus.STOPPED || t.status() == TrialStatus.IDLE) {
                break;
            }
            proposed.add(t.hyperparameters().values());
        }
        return proposed;
    }

    /** The oracle's state and trials written as JSON text and read back, as a store would. */
    static Snapshot snapshot(Oracle oracle) {
        String state = JSON.writeValueAsString(oracle.state());
        List<String> trials = oracle.trials().stream().map(t -> JSON.writeValueAsString(t.toConfig())).toList();
        return new Snapshot(state, trials);
    }

    /** A JSON snapshot of an oracle. */
    record Snapshot(String state, List<String> trials) {

        void restoreInto(Oracle fresh) {
            Map<String, Object> s = JSON.readValue(state, new TypeReference<Map<String, Object>>() { });
            List<Map<String, Object>> ts = new ArrayList<>();
            for (String t : trials) {
                ts.add(JSON.readValue(t, new TypeReference<Map<String, Object>>() { }));
            }
            fresh.restore(s, ts, true);
        }
    }
}
