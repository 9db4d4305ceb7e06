package dev.tunebatch.oracle.bayes;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;

import java.util.Arrays;
import java.util.List;

/**
 * Fits the {@link KernelParams} of a {@link GaussianProcess} by maximising the profiled log marginal likelihood plus
 * weak log-normal priors (which keep the fit sane on the handful of points of the first proposals), with
 * {@link BoundedMinimizer} from several starting points in log space. Bounds: length scales in
 * {@code [0.01, 20]} (coordinates live in {@code [0, 1]}), noise ratio in {@code [minNoiseRatio, 1]}.
 */
final class LikelihoodFit {

    static final double MIN_LOG_LENGTH = Math.log(0.01);
    static final double MAX_LOG_LENGTH = Math.log(20.0);
    static final double PRIOR_LOG_LENGTH = Math.log(0.5);
    static final double PRIOR_LOG_LENGTH_SD = 1.0;
    static final double PRIOR_LOG_NOISE = Math.log(1e-3);
    static final double PRIOR_LOG_NOISE_SD = 2.5;
    static final double MAX_LOG_NOISE = 0.0;

    private final double[] y;
    private final PairwiseDistances distances;
    private final double minLogNoise;
    private final DMatrixRMaj work = new DMatrixRMaj(1, 1);
    private final Cholesky chol = new Cholesky();
    private final double[] whitened;
    private int evaluations;

    /**
     * @param minNoiseRatio the smallest noise variance as a fraction of the signal variance (the oracle's
     *                      {@code alpha}); it also keeps the matrix well conditioned
     */
    LikelihoodFit(double[][] points, double[] y, boolean[] categorical, double minNoiseRatio) {
        this.y = y.clone();
        this.distances = new PairwiseDistances(points, categorical);
        this.minLogNoise = Math.log(Math.max(minNoiseRatio, 1e-10));
        this.whitened = new double[y.length];
    }

    /** The parameters the prior considers most likely: every length scale 0.5, noise ratio 1e-3 (bounded). */
    static KernelParams priorMode(int dimensions, double minNoiseRatio) {
        double[] ls = new double[dimensions];
        Arrays.fill(ls, PRIOR_LOG_LENGTH);
        return new KernelParams(ls, Math.max(PRIOR_LOG_NOISE, Math.log(Math.max(minNoiseRatio, 1e-10))));
    }

    /** How many likelihood evaluations this fit has made. */
    int evaluations() {
        return evaluations;
    }

    /**
     * The best parameters found from each of {@code starts} (kept inside the bounds) with a local search of at most
     * {@code evaluationsPerStart} evaluations whose first step is {@code initialRadius} (in log units).
     */
    KernelParams fit(BoundedMinimizer.Method method, List<KernelParams> starts, double initialRadius,
                     int evaluationsPerStart) {
        int m = starts.get(0).dimensions() + 1;
        double[] lower = new double[m];
        double[] upper = new double[m];
        Arrays.fill(lower, 0, m - 1, MIN_LOG_LENGTH);
        Arrays.fill(upper, 0, m - 1, MAX_LOG_LENGTH);
        lower[m - 1] = minLogNoise;
        upper[m - 1] = Math.max(MAX_LOG_NOISE, minLogNoise + 1.0);
        BoundedMinimizer.Result best = null;
        for (KernelParams start : starts) {
            BoundedMinimizer.Result r = BoundedMinimizer.minimize(method, this::negativeLogPosterior,
                    start.toVector(), lower, upper, initialRadius, 1e-3, evaluationsPerStart);
            if (best == null || r.value() < best.value()) {
                best = r;
            }
        }
        return KernelParams.fromVector(best.point());
    }

    /** The objective: minus (profiled log marginal likelihood + log prior) of a parameter vector. */
    double negativeLogPosterior(double[] theta) {
        evaluations++;
        int dims = theta.length - 1;
        double[] inv = new double[dims];
        double logPrior = 0.0;
        for (int d = 0; d < dims; d++) {
            inv[d] = Math.exp(-2.0 * theta[d]);
            double z = (theta[d] - PRIOR_LOG_LENGTH) / PRIOR_LOG_LENGTH_SD;
            logPrior -= 0.5 * z * z;
        }
        double zn = (theta[dims] - PRIOR_LOG_NOISE) / PRIOR_LOG_NOISE_SD;
        logPrior -= 0.5 * zn * zn;
        distances.correlationMatrix(inv, Math.exp(theta[dims]), work);
        double[] lower = chol.factor(work);
        if (lower == null) {
            return -GaussianProcess.INFEASIBLE;
        }
        System.arraycopy(y, 0, whitened, 0, y.length);
        TriangularSolver_DDRM.solveL(lower, whitened, y.length);
        double sigma2 = GaussianProcess.profiledVariance(whitened);
        return -(GaussianProcess.logLikelihood(lower, y.length, sigma2) + logPrior);
    }
}
