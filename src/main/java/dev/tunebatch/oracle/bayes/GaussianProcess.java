package dev.tunebatch.oracle.bayes;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;

/**
 * A zero-mean Gaussian process on standardised scores with the {@link MaternKernel}: covariance
 * {@code σ²·(C + g·I)} where {@code C} is the correlation matrix and {@code g} the noise ratio. For given length
 * scales and {@code g}, the signal variance {@code σ²} that maximises the likelihood has a closed form,
 * {@code yᵀ(C + gI)⁻¹y / n}, so it is profiled out rather than fitted. Predictions are of the latent function
 * (without the observation noise), on the standardised scale.
 */
final class GaussianProcess {

    /** Returned as the log likelihood of parameters whose matrix is not positive definite. */
    static final double INFEASIBLE = -1e12;

    private static final double LOG_2PI = Math.log(2.0 * Math.PI);
    private static final int MAX_JITTER_STEPS = 6;

    private final double[][] points;
    private final boolean[] categorical;
    private final double[] inverseSquaredLengths;
    private final int n;
    private final double[] lower;
    private final double[] weights;
    private final double signalVariance;

    private GaussianProcess(double[][] points, boolean[] categorical, double[] inverseSquaredLengths, double[] lower,
                            double[] weights, double signalVariance) {
        this.points = points;
        this.categorical = categorical;
        this.inverseSquaredLengths = inverseSquaredLengths;
        this.n = points.length;
        this.lower = lower;
        this.weights = weights;
        this.signalVariance = signalVariance;
    }

    /**
     * Conditions the process on {@code points} and standardised {@code y}. When the matrix is numerically not
     * positive definite, the noise ratio is raised tenfold until it is.
     */
    static GaussianProcess condition(double[][] points, double[] y, KernelParams params, boolean[] categorical) {
        double[] inv = params.inverseSquaredLengths();
        double g = params.noiseRatio();
        DMatrixRMaj correlation = PairwiseDistances.correlationMatrix(points, categorical, inv);
        DMatrixRMaj k = new DMatrixRMaj(1, 1);
        Cholesky chol = new Cholesky();
        for (int attempt = 0; attempt <= MAX_JITTER_STEPS; attempt++) {
            k.setTo(correlation);
            for (int i = 0; i < k.numRows; i++) {
                k.data[i * k.numCols + i] = 1.0 + g;
            }
            double[] lower = chol.factor(k);
            if (lower != null) {
                double[] z = y.clone();
                TriangularSolver_DDRM.solveL(lower, z, z.length);
                double sigma2 = profiledVariance(z);
                TriangularSolver_DDRM.solveTranL(lower, z, z.length);
                return new GaussianProcess(points, categorical, inv, lower, z, sigma2);
            }
            g = Math.max(g * 10.0, 1e-10);
        }
        throw new IllegalStateException("The Gaussian process covariance of " + points.length
                + " points is not positive definite even with a noise ratio of " + g + ".");
    }

    /** The signal variance that maximises the likelihood, {@code |L⁻¹y|² / n}, kept away from zero. */
    static double profiledVariance(double[] whitened) {
        double ss = 0.0;
        for (double v : whitened) {
            ss += v * v;
        }
        return Math.max(ss / Math.max(1, whitened.length), 1e-12);
    }

    /** The profiled log marginal likelihood from the Cholesky factor (row-major lower triangle). */
    static double logLikelihood(double[] lowerFactor, int size, double signalVariance) {
        double logDet = 0.0;
        for (int i = 0; i < size; i++) {
            logDet += Math.log(lowerFactor[i * size + i]);
        }
        return -0.5 * size * (Math.log(signalVariance) + 1.0 + LOG_2PI) - logDet;
    }

    double signalVariance() {
        return signalVariance;
    }

    /** A scratch buffer for {@link #predict(double[], double[], double[])}. */
    double[] newBuffer() {
        return new double[n];
    }

    /**
     * The posterior mean and variance at {@code x}, written to {@code out[0]} and {@code out[1]}; {@code buffer}
     * is scratch space from {@link #newBuffer()}.
     */
    void predict(double[] x, double[] buffer, double[] out) {
        double mean = 0.0;
        for (int i = 0; i < n; i++) {
            double c = MaternKernel.correlation(x, points[i], inverseSquaredLengths, categorical);
            buffer[i] = c;
            mean += c * weights[i];
        }
        TriangularSolver_DDRM.solveL(lower, buffer, n);
        double explained = 0.0;
        for (int i = 0; i < n; i++) {
            explained += buffer[i] * buffer[i];
        }
        out[0] = mean;
        out[1] = signalVariance * Math.max(1.0 - explained, 1e-12);
    }

    /** The posterior mean at {@code x}. */
    double mean(double[] x) {
        double mean = 0.0;
        for (int i = 0; i < n; i++) {
            mean += MaternKernel.correlation(x, points[i], inverseSquaredLengths, categorical) * weights[i];
        }
        return mean;
    }
}
