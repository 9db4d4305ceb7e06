package dev.tunebatch.oracle.bayes;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Expected hypervolume improvement of two minimised objectives with independent normal predictions, exactly and as
 * a logarithm. The region the front leaves undominated (up to the reference point) is cut into vertical strips at
 * the front's points; in strip {@code i}, spanning {@code [a_i, a_(i+1))} below the staircase level {@code b_i}, the
 * improvement of a point {@code (u, v)} is {@code (a_(i+1) − max(u, a_i))⁺ · (b_i − v)⁺}, whose expectation factorises
 * into two one-dimensional expected improvements: {@code σ₁(ψ(α_(i+1)) − ψ(α_i)) · σ₂ψ(β_i)} with
 * {@code ψ(z) = z·Φ(z) + φ(z)}. The sum is taken in log space, so that far from the front the value still ranks
 * candidates instead of underflowing to zero.
 */
final class HypervolumeImprovement {

    private static final double CANCELLATION = 1e-4;

    private final double[] edges;
    private final double[] levels;

    /**
     * @param front     the non-dominated observed points (two coordinates, minimised), all below the reference
     * @param reference the reference point
     */
    HypervolumeImprovement(double[][] front, double[] reference) {
        double[][] sorted = front.clone();
        Arrays.sort(sorted, Comparator.comparingDouble((double[] p) -> p[0]));
        int n = sorted.length;
        edges = new double[n + 2];
        levels = new double[n + 1];
        edges[0] = Double.NEGATIVE_INFINITY;
        levels[0] = reference[1];
        for (int i = 0; i < n; i++) {
            edges[i + 1] = sorted[i][0];
            levels[i + 1] = Math.min(levels[i], sorted[i][1]);
        }
        edges[n + 1] = reference[0];
    }

    /** {@code ln EHVI} for predictions {@code N(mean1, sd1²)} and {@code N(mean2, sd2²)}. */
    double logValue(double mean1, double sd1, double mean2, double sd2) {
        double total = Double.NEGATIVE_INFINITY;
        double logSd = Math.log(sd1) + Math.log(sd2);
        for (int i = 0; i < levels.length; i++) {
            double lo = (edges[i] - mean1) / sd1;
            double hi = (edges[i + 1] - mean1) / sd1;
            if (!(hi > lo)) {
                continue;
            }
            double term = logSd + logDifference(lo, hi) + ExpectedImprovement.logH((levels[i] - mean2) / sd2);
            total = logAdd(total, term);
        }
        return total;
    }

    /** {@code ln(ψ(hi) − ψ(lo))} for {@code lo < hi}, {@code lo} possibly −∞. */
    static double logDifference(double lo, double hi) {
        double logHi = ExpectedImprovement.logH(hi);
        if (lo == Double.NEGATIVE_INFINITY) {
            return logHi;
        }
        double logLo = ExpectedImprovement.logH(lo);
        double gap = logHi - logLo;
        if (gap > CANCELLATION) {
            return logHi + Math.log(-Math.expm1(-gap));
        }
        // ψ' = Φ: over a narrow interval the difference is its width times Φ at the midpoint
        return Math.log(hi - lo) + NormalTail.logCdf(0.5 * (lo + hi));
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }
}
