package dev.tunebatch.bench;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.bayes.BayesianOptimizationOracle;
import dev.tunebatch.oracle.random.RandomSearchOracle;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The oracles the benchmark compares. Grid and Hyperband are written on another branch, so they are looked up by
 * class name and built through a public constructor taking the {@link OracleConfig} first (for Hyperband, the
 * remaining int parameters get max epochs 81, factor 3, one iteration, in order); when absent they are skipped.
 */
public final class BenchOracles {

    static final String GRID_CLASS = "dev.tunebatch.oracle.grid.GridSearchOracle";
    static final String HYPERBAND_CLASS = "dev.tunebatch.oracle.hyperband.HyperbandOracle";
    private static final int[] HYPERBAND_INTS = {81, 3, 1};

    private BenchOracles() {
    }

    /** Name → factory, for every oracle available on the classpath. */
    public static Map<String, Function<OracleConfig, Oracle>> available() {
        Map<String, Function<OracleConfig, Oracle>> m = new LinkedHashMap<>();
        m.put("random", RandomSearchOracle::new);
        m.put("bayesian", BayesianOptimizationOracle::new);
        reflective(GRID_CLASS, new int[0]).ifPresent(f -> m.put("grid", f));
        reflective(HYPERBAND_CLASS, HYPERBAND_INTS).ifPresent(f -> m.put("hyperband", f));
        return m;
    }

    private static Optional<Function<OracleConfig, Oracle>> reflective(String className, int[] ints) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException absent) {
            return Optional.empty();
        }
        for (Constructor<?> c : type.getConstructors()) {
            Class<?>[] params = c.getParameterTypes();
            if (params.length == 0 || params[0] != OracleConfig.class || params.length - 1 > ints.length) {
                continue;
            }
            List<Object> args = new ArrayList<>();
            boolean fits = true;
            for (int i = 1; i < params.length; i++) {
                if (params[i] == int.class || params[i] == Integer.class) {
                    args.add(ints[i - 1]);
                } else {
                    fits = false;
                }
            }
            if (fits) {
                return Optional.of(config -> {
                    try {
                        List<Object> all = new ArrayList<>();
                        all.add(config);
                        all.addAll(args);
                        return (Oracle) c.newInstance(all.toArray());
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("Could not build " + className + " through " + c + ".", e);
                    }
                });
            }
        }
        System.err.println("bench: " + className + " is present but has no constructor (OracleConfig[, int...]); "
                + "skipped. Add a factory in BenchOracles.");
        return Optional.empty();
    }
}
