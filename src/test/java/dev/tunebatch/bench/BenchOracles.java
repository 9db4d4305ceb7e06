package dev.tunebatch.bench;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.bayes.BayesianOptimizationOracle;
import dev.tunebatch.oracle.grid.GridSearchOracle;
import dev.tunebatch.oracle.hyperband.HyperbandOracle;
import dev.tunebatch.oracle.random.RandomSearchOracle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The oracles the benchmark compares, built from the benchmark's config. Hyperband has no trial limit (its schedule
 * is max epochs 81, factor 3, one iteration: 211 trials, enough for N = 100); the benchmark counts the first N.
 */
public final class BenchOracles {

    private BenchOracles() {
    }

    /** Name → factory. */
    public static Map<String, Function<OracleConfig, Oracle>> available() {
        Map<String, Function<OracleConfig, Oracle>> m = new LinkedHashMap<>();
        m.put("random", RandomSearchOracle::new);
        m.put("bayesian", BayesianOptimizationOracle::new);
        m.put("grid", GridSearchOracle::new);
        m.put("hyperband", config -> new HyperbandOracle(config.withMaxTrials(null), 81, 3, 1));
        return m;
    }
}
