package dev.tunebatch.oracle.bayes;

import org.hipparchus.special.Erf;

/** The logarithm of the standard normal distribution function, accurate far into the lower tail. */
final class NormalTail {

    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double ASYMPTOTIC_BELOW = -20.0;

    private NormalTail() {
    }

    /** {@code ln Φ(z)}. */
    static double logCdf(double z) {
        if (z > ASYMPTOTIC_BELOW) {
            double cdf = 0.5 * Erf.erfc(-z / SQRT2);
            if (cdf > 0) {
                return Math.log(cdf);
            }
        }
        double z2 = z * z;
        return -0.5 * z2 - LOG_SQRT_2PI - Math.log(-z) + Math.log1p(-1.0 / z2);
    }
}
