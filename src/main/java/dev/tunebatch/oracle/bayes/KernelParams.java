package dev.tunebatch.oracle.bayes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted hyperparameters of the Gaussian process, in log space: one length scale per coordinate and the noise
 * variance as a fraction of the signal variance (the signal variance itself has a closed form given these, so it is
 * not a parameter). Stored with the oracle's state so that a resumed search warm-starts from the same fit.
 *
 * @param logLengthScales {@code ln ℓ_d} per coordinate of the encoding
 * @param logNoiseRatio   {@code ln(σ_noise² / σ_signal²)}
 */
record KernelParams(double[] logLengthScales, double logNoiseRatio) {

    KernelParams {
        logLengthScales = logLengthScales.clone();
    }

    int dimensions() {
        return logLengthScales.length;
    }

    /** {@code 1/ℓ_d²} per coordinate. */
    double[] inverseSquaredLengths() {
        double[] inv = new double[logLengthScales.length];
        for (int d = 0; d < inv.length; d++) {
            inv[d] = Math.exp(-2.0 * logLengthScales[d]);
        }
        return inv;
    }

    double noiseRatio() {
        return Math.exp(logNoiseRatio);
    }

    /** The parameters as one vector, length scales first, for an optimiser. */
    double[] toVector() {
        double[] v = new double[logLengthScales.length + 1];
        System.arraycopy(logLengthScales, 0, v, 0, logLengthScales.length);
        v[logLengthScales.length] = logNoiseRatio;
        return v;
    }

    static KernelParams fromVector(double[] v) {
        double[] ls = new double[v.length - 1];
        System.arraycopy(v, 0, ls, 0, ls.length);
        return new KernelParams(ls, v[v.length - 1]);
    }

    /** Plain data keyed by coordinate key, so that a space that has grown keeps the scales it had. */
    Map<String, Object> toState(String[] keys) {
        Map<String, Object> lengths = new LinkedHashMap<>();
        for (int d = 0; d < keys.length; d++) {
            lengths.put(keys[d], logLengthScales[d]);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("log_length_scales", lengths);
        m.put("log_noise_ratio", logNoiseRatio);
        return m;
    }

    /**
     * Reads {@link #toState(String[])} for the coordinates {@code keys}; coordinates it does not know take
     * {@code fallback}'s values.
     */
    @SuppressWarnings("unchecked")
    static KernelParams fromState(Map<String, Object> state, String[] keys, KernelParams fallback) {
        Map<String, Object> lengths = (Map<String, Object>) state.getOrDefault("log_length_scales", Map.of());
        double[] ls = new double[keys.length];
        for (int d = 0; d < keys.length; d++) {
            Object v = lengths.get(keys[d]);
            ls[d] = v == null ? fallback.logLengthScales()[d] : ((Number) v).doubleValue();
        }
        Object noise = state.get("log_noise_ratio");
        return new KernelParams(ls, noise == null ? fallback.logNoiseRatio() : ((Number) noise).doubleValue());
    }

    /** Whether every coordinate key is covered by a stored state. */
    @SuppressWarnings("unchecked")
    static boolean covers(Map<String, Object> state, String[] keys) {
        Map<String, Object> lengths = (Map<String, Object>) state.getOrDefault("log_length_scales", Map.of());
        return new ArrayList<>(lengths.keySet()).containsAll(List.of(keys));
    }
}
