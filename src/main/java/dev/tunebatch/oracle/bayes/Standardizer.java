package dev.tunebatch.oracle.bayes;

/**
 * Output normalisation: scores shifted to mean 0 and scaled to standard deviation 1 (a spread of 0 counts as 1), so
 * that one set of priors and bounds suits objectives of any scale.
 */
record Standardizer(double mean, double scale) {

    static Standardizer of(double[] y) {
        double mean = 0.0;
        for (double v : y) {
            mean += v;
        }
        mean /= Math.max(1, y.length);
        double ss = 0.0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / Math.max(1, y.length));
        return new Standardizer(mean, sd > 0 && Double.isFinite(sd) ? sd : 1.0);
    }

    double[] apply(double[] y) {
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = (y[i] - mean) / scale;
        }
        return z;
    }
}
