package dev.tunebatch.oracle.bayes;

/**
 * The ARD Matérn-5/2 correlation over encoded points, {@code (1 + s + s²/3)·exp(−s)} with
 * {@code s = √5·r} and {@code r² = Σ_d δ_d² / ℓ_d²}: one length scale {@code ℓ_d} per coordinate. The per-coordinate
 * difference {@code δ_d} is the plain difference for numeric coordinates and {@code 0}/{@code 1} (same or different
 * category) for categorical ones. A coordinate inactive in both points contributes nothing; inactive in just one, it
 * contributes a full unit, the largest numeric difference.
 */
final class MaternKernel {

    private static final double SQRT5 = Math.sqrt(5.0);

    private MaternKernel() {
    }

    /** The correlation at a scaled squared distance {@code r²}. */
    static double correlation(double scaledSquaredDistance) {
        double s = SQRT5 * Math.sqrt(scaledSquaredDistance);
        return (1.0 + s + s * s / 3.0) * Math.exp(-s);
    }

    /** The squared difference of one coordinate, following the rules above. */
    static double squaredDifference(double a, double b, boolean categorical) {
        boolean aOff = Double.isNaN(a);
        boolean bOff = Double.isNaN(b);
        if (aOff || bOff) {
            return aOff && bOff ? 0.0 : 1.0;
        }
        if (categorical) {
            return a == b ? 0.0 : 1.0;
        }
        double diff = a - b;
        return diff * diff;
    }

    /** {@code r²} between two points given {@code 1/ℓ_d²} per coordinate. */
    static double scaledSquaredDistance(double[] a, double[] b, double[] inverseSquaredLengths,
                                        boolean[] categorical) {
        double sum = 0.0;
        for (int d = 0; d < a.length; d++) {
            sum += squaredDifference(a[d], b[d], categorical[d]) * inverseSquaredLengths[d];
        }
        return sum;
    }

    /** The correlation between two points. */
    static double correlation(double[] a, double[] b, double[] inverseSquaredLengths, boolean[] categorical) {
        return correlation(scaledSquaredDistance(a, b, inverseSquaredLengths, categorical));
    }
}
