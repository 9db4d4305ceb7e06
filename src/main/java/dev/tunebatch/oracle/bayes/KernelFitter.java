package dev.tunebatch.oracle.bayes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Decides and runs the kernel hyperparameter fit of each proposal, following a {@link RefitSchedule}: a full fit
 * from the previous parameters, the prior's mode and random starts; a short fit warm-started from the previous
 * parameters; or none. While there are few trials a likelihood evaluation is cheap and Nelder–Mead (more
 * evaluations, no overhead) is used; beyond that BOBYQA (fewer evaluations). Its state (the last parameters and
 * when they were fitted) is plain data so that a resumed search fits exactly as the original would have.
 */
final class KernelFitter {

    private static final int RANDOM_RESTARTS = 2;
    private static final int MODEL_BASED_FROM = 80;
    private static final double FULL_RADIUS = 1.0;
    private static final double WARM_RADIUS = 0.25;

    private final double alpha;
    private final RefitSchedule schedule;
    private Map<String, Object> lastParams;
    private int fittedAt;
    private int fullFitAt;

    KernelFitter(double alpha, RefitSchedule schedule) {
        this.alpha = alpha;
        this.schedule = schedule;
    }

    /** The kernel parameters for this data: refitted or reused as the schedule says. */
    KernelParams paramsFor(SearchEncoding encoding, double[][] points, double[] y, boolean[] categorical,
                           DoubleSupplier uniform) {
        return paramsFor(encoding, points, y, points.length, categorical, uniform);
    }

    /**
     * The kernel parameters for this data, refitted or reused as the schedule says for {@code observed} completed
     * trials; {@code points} and {@code y} are what the fit sees (all of them or a {@link TrainingSubset}).
     */
    KernelParams paramsFor(SearchEncoding encoding, double[][] points, double[] y, int observed,
                           boolean[] categorical, DoubleSupplier uniform) {
        String[] keys = encoding.keys();
        KernelParams prior = LikelihoodFit.priorMode(encoding.size(), alpha);
        boolean covered = lastParams != null && KernelParams.covers(lastParams, keys);
        KernelParams previous = lastParams == null ? null : KernelParams.fromState(lastParams, keys, prior);
        int n = observed;
        int m = encoding.size() + 1;
        BoundedMinimizer.Method method = points.length < MODEL_BASED_FROM
                ? BoundedMinimizer.Method.SIMPLEX : BoundedMinimizer.Method.MODEL_BASED;
        boolean simplex = method == BoundedMinimizer.Method.SIMPLEX;
        KernelParams params = switch (schedule.decide(n, covered, fittedAt, fullFitAt)) {
            case FULL -> {
                List<KernelParams> starts = new ArrayList<>();
                if (previous != null) {
                    starts.add(previous);
                }
                starts.add(prior);
                for (int r = 0; r < RANDOM_RESTARTS; r++) {
                    starts.add(randomStart(encoding.size(), uniform));
                }
                fittedAt = n;
                fullFitAt = n;
                yield new LikelihoodFit(points, y, categorical, alpha).fit(method, starts, FULL_RADIUS,
                        (simplex ? 40 : 15) * m);
            }
            case WARM -> {
                fittedAt = n;
                yield new LikelihoodFit(points, y, categorical, alpha).fit(method, List.of(previous), WARM_RADIUS,
                        (simplex ? 15 : 6) * m);
            }
            case REUSE -> previous;
        };
        lastParams = params.toState(keys);
        return params;
    }

    /** A random starting point: length scales log-uniform in [0.05, 5], noise ratio log-uniform in [alpha, 0.1]. */
    private KernelParams randomStart(int dimensions, DoubleSupplier uniform) {
        double[] ls = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            ls[d] = Math.log(0.05) + uniform.getAsDouble() * (Math.log(5.0) - Math.log(0.05));
        }
        double lowNoise = Math.log(Math.max(alpha, 1e-6));
        double highNoise = Math.max(lowNoise, Math.log(0.1));
        return new KernelParams(ls, lowNoise + uniform.getAsDouble() * (highNoise - lowNoise));
    }

    /** The parameters of the last fit for the coordinates {@code keys}, or {@code null} before the first fit. */
    KernelParams lastParams(String[] keys, int dimensions) {
        return lastParams == null ? null
                : KernelParams.fromState(lastParams, keys, LikelihoodFit.priorMode(dimensions, alpha));
    }

    /** Plain-data state. */
    Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (lastParams != null) {
            s.put("params", deepCopy(lastParams));
        }
        s.put("fitted_at", fittedAt);
        s.put("full_fit_at", fullFitAt);
        return s;
    }

    /** Restores {@link #state()}. */
    @SuppressWarnings("unchecked")
    void restore(Map<String, Object> state) {
        Object params = state.get("params");
        lastParams = params == null ? null : deepCopy((Map<String, Object>) params);
        fittedAt = ((Number) state.getOrDefault("fitted_at", 0)).intValue();
        fullFitAt = ((Number) state.getOrDefault("full_fit_at", 0)).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> inner ? deepCopy((Map<String, Object>) inner) : v));
        return out;
    }
}
