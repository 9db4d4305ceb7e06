package dev.tunebatch.oracle.bayes;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;

/**
 * Output normalisation of the scores the model is fitted to: standardised, then made closer to normal by a
 * Yeo–Johnson power transform whose exponent {@code λ} maximises the normal likelihood of the result (found with
 * Hipparchus's Brent optimiser), then standardised again. Heavy tails (a few very good or very bad trials) would
 * otherwise dominate the fit; the transform is monotone, so "lower is better" is kept.
 */
final class ScoreTransform {

    private static final double MIN_LAMBDA = -2.0;
    private static final double MAX_LAMBDA = 4.0;

    private ScoreTransform() {
    }

    /** The transformed scores. */
    static double[] apply(double[] scores) {
        double[] z = Standardizer.of(scores).apply(scores);
        if (z.length < 3) {
            return z;
        }
        double lambda = new BrentOptimizer(1e-8, 1e-6).optimize(new MaxEval(200), GoalType.MAXIMIZE,
                new UnivariateObjectiveFunction(l -> logLikelihood(z, l)),
                new SearchInterval(MIN_LAMBDA, MAX_LAMBDA, 1.0)).getPoint();
        double[] t = yeoJohnson(z, lambda);
        return Standardizer.of(t).apply(t);
    }

    /** The Yeo–Johnson transform of every value for exponent {@code lambda}. */
    static double[] yeoJohnson(double[] y, double lambda) {
        double[] t = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double v = y[i];
            if (v >= 0) {
                t[i] = Math.abs(lambda) < 1e-12 ? Math.log1p(v) : (Math.pow(v + 1, lambda) - 1) / lambda;
            } else {
                t[i] = Math.abs(lambda - 2) < 1e-12 ? -Math.log1p(-v)
                        : -(Math.pow(1 - v, 2 - lambda) - 1) / (2 - lambda);
            }
        }
        return t;
    }

    /** The log likelihood of {@code lambda}: a normal fit to the transformed values plus the Jacobian's log. */
    static double logLikelihood(double[] y, double lambda) {
        double[] t = yeoJohnson(y, lambda);
        double mean = 0;
        for (double v : t) {
            mean += v;
        }
        mean /= t.length;
        double variance = 0;
        for (double v : t) {
            variance += (v - mean) * (v - mean);
        }
        variance /= t.length;
        double jacobian = 0;
        for (double v : y) {
            jacobian += Math.signum(v) * Math.log1p(Math.abs(v));
        }
        return -0.5 * t.length * Math.log(Math.max(variance, 1e-300)) + (lambda - 1) * jacobian;
    }
}
