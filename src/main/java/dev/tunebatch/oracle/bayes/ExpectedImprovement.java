package dev.tunebatch.oracle.bayes;

import org.hipparchus.special.Erf;

/**
 * Expected improvement over the best score so far, {@code E[max(0, y* − f(x))]}, as its negative logarithm (so that
 * it is minimised like the other acquisitions and stays informative far from the incumbent, where the improvement
 * itself underflows to zero).
 *
 * @param incumbent the best (lowest) standardised score observed
 */
record ExpectedImprovement(double incumbent) implements Acquisition {

    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double ASYMPTOTIC_BELOW = -6.0;

    @Override
    public double value(double mean, double variance) {
        double sd = Math.sqrt(variance);
        double z = (incumbent - mean) / sd;
        return -(Math.log(sd) + logH(z));
    }

    /** {@code ln(z·Φ(z) + φ(z))}, with its asymptotic expansion where the direct form loses all precision. */
    static double logH(double z) {
        if (z > ASYMPTOTIC_BELOW) {
            double cdf = 0.5 * Erf.erfc(-z / SQRT2);
            double pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
            double h = z * cdf + pdf;
            if (h > 0) {
                return Math.log(h);
            }
        }
        double z2 = z * z;
        return -0.5 * z2 - LOG_SQRT_2PI - Math.log(z2) + Math.log1p(-3.0 / z2);
    }
}
