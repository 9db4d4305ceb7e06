package dev.tunebatch.oracle.bayes;

import org.ejml.data.DMatrixRMaj;

/**
 * The per-coordinate squared differences of every pair of training points, computed once per data set so that each
 * likelihood evaluation of a fit only rescales them by new length scales.
 */
final class PairwiseDistances {

    private final int n;
    private final int dims;
    private final double[] packed;

    PairwiseDistances(double[][] points, boolean[] categorical) {
        this.n = points.length;
        this.dims = categorical.length;
        this.packed = new double[n * (n - 1) / 2 * dims];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                for (int d = 0; d < dims; d++) {
                    packed[p++] = MaternKernel.squaredDifference(points[i][d], points[j][d], categorical[d]);
                }
            }
        }
    }

    /**
     * The correlation matrix of {@code points} (1 on the diagonal) computed directly, without keeping the
     * per-coordinate differences: for a single set of length scales. Entry for entry the same as
     * {@link #correlationMatrix(double[], double, DMatrixRMaj)} with a diagonal of 0.
     */
    static DMatrixRMaj correlationMatrix(double[][] points, boolean[] categorical, double[] inverseSquaredLengths) {
        int n = points.length;
        int dims = categorical.length;
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        double[] k = out.data;
        for (int i = 0; i < n; i++) {
            k[i * n + i] = 1.0;
            double[] a = points[i];
            for (int j = i + 1; j < n; j++) {
                double[] b = points[j];
                double r2 = 0.0;
                for (int d = 0; d < dims; d++) {
                    r2 += MaternKernel.squaredDifference(a[d], b[d], categorical[d]) * inverseSquaredLengths[d];
                }
                double c = MaternKernel.correlation(r2);
                k[i * n + j] = c;
                k[j * n + i] = c;
            }
        }
        return out;
    }

    int size() {
        return n;
    }

    /**
     * Writes the correlation matrix plus {@code diagonal} on the diagonal into {@code out} (resized to n×n), the
     * full symmetric matrix.
     */
    void correlationMatrix(double[] inverseSquaredLengths, double diagonal, DMatrixRMaj out) {
        out.reshape(n, n);
        double[] k = out.data;
        int p = 0;
        for (int i = 0; i < n; i++) {
            k[i * n + i] = 1.0 + diagonal;
            for (int j = i + 1; j < n; j++) {
                double r2 = 0.0;
                for (int d = 0; d < dims; d++) {
                    r2 += packed[p++] * inverseSquaredLengths[d];
                }
                double c = MaternKernel.correlation(r2);
                k[i * n + j] = c;
                k[j * n + i] = c;
            }
        }
    }
}
