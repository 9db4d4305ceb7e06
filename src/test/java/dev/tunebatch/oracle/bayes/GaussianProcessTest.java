package dev.tunebatch.oracle.bayes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Gaussian process, its likelihood fit and the acquisitions on small known functions. */
class GaussianProcessTest {

    private static final boolean[] NUMERIC_2D = {false, false};

    private static double[][] points(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][2];
        for (double[] p : x) {
            p[0] = r.nextDouble();
            p[1] = r.nextDouble();
        }
        return x;
    }

    @Test
    void interpolatesItsDataAndIsUncertainFarFromIt() {
        double[][] x = points(20, 1);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(6 * x[i][0]);
        }
        double[] z = Standardizer.of(y).apply(y);
        KernelParams params = new KernelParams(new double[] {Math.log(0.3), Math.log(0.3)}, Math.log(1e-8));
        GaussianProcess gp = GaussianProcess.condition(x, z, params, NUMERIC_2D);
        double[] out = new double[2];
        gp.predict(x[3], gp.newBuffer(), out);
        assertThat(out[0]).isCloseTo(z[3], within(1e-2));
        assertThat(out[1]).isLessThan(1e-3 * gp.signalVariance());
        gp.predict(new double[] {5, 5}, gp.newBuffer(), out);
        assertThat(out[0]).isCloseTo(0.0, within(1e-6));
        assertThat(out[1]).isCloseTo(gp.signalVariance(), within(1e-6 * gp.signalVariance()));
    }

    @Test
    void theDirectCorrelationMatrixIsTheOneTheFitUses() {
        double[][] x = {{0.1, Double.NaN, 0}, {0.7, 0.2, 1}, {0.4, Double.NaN, 1}, {0.9, 0.8, 0}};
        boolean[] categorical = {false, false, true};
        double[] inv = {4.0, 9.0, 0.5};
        org.ejml.data.DMatrixRMaj packed = new org.ejml.data.DMatrixRMaj(1, 1);
        new PairwiseDistances(x, categorical).correlationMatrix(inv, 0.0, packed);
        assertThat(PairwiseDistances.correlationMatrix(x, categorical, inv).data).containsExactly(packed.data);
        assertThat(packed.get(0, 2)).as("both lack the second coordinate: it does not count")
                .isCloseTo(MaternKernel.correlation(0.09 * 4.0 + 0.5), within(1e-12));
    }

    @Test
    void theLikelihoodFitFindsTheIrrelevantDimension() {
        double[][] x = points(40, 2);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(8 * x[i][0]);
        }
        double[] z = Standardizer.of(y).apply(y);
        LikelihoodFit fit = new LikelihoodFit(x, z, NUMERIC_2D, 1e-4);
        KernelParams start = LikelihoodFit.priorMode(2, 1e-4);
        KernelParams fitted = fit.fit(BoundedMinimizer.Method.MODEL_BASED, List.of(start), 1.0, 200);
        assertThat(fitted.logLengthScales()[1]).as("x2 does not matter: long length scale")
                .isGreaterThan(fitted.logLengthScales()[0] + 1.0);
        assertThat(fit.negativeLogPosterior(fitted.toVector())).isLessThan(fit.negativeLogPosterior(start.toVector()));
        assertThat(fit.evaluations()).isLessThanOrEqualTo(200);
    }

    @Test
    void acquisitionsPreferLowMeansAndHighUncertainty() {
        ConfidenceBound lcb = new ConfidenceBound(2.6);
        assertThat(lcb.value(0, 1)).isEqualTo(-2.6);
        assertThat(lcb.value(-1, 0.01)).isLessThan(lcb.value(-0.5, 0.01));
        ExpectedImprovement ei = new ExpectedImprovement(-1.0);
        assertThat(ei.value(-1.2, 0.04)).isLessThan(ei.value(-0.8, 0.04));
        assertThat(ei.value(0, 1)).isLessThan(ei.value(0, 0.01));
        assertThat(ei.value(50, 1e-4)).as("far below the incumbent: finite, and still ordered").isFinite()
                .isGreaterThan(ei.value(40, 1e-4));
        assertThat(ExpectedImprovement.logH(-6 + 1e-9)).as("the asymptotic form takes over continuously")
                .isCloseTo(ExpectedImprovement.logH(-6 - 1e-9), within(0.05));
    }

    @Test
    void scoreTransformKeepsTheOrderAndTamesAHeavyTail() {
        double[] scores = {0.4, 0.9, 1.5, 3, 8, 20, 55, 150, 300};
        double[] t = ScoreTransform.apply(scores);
        for (int i = 1; i < t.length; i++) {
            assertThat(t[i]).isGreaterThan(t[i - 1]);
        }
        assertThat(java.util.Arrays.stream(t).average().orElseThrow()).isCloseTo(0.0, within(1e-9));
        double[] z = Standardizer.of(scores).apply(scores);
        assertThat(t[t.length - 1]).as("the worst score no longer dominates").isLessThan(z[z.length - 1]);
        assertThat(t[0]).as("the best scores are spread apart").isLessThan(z[0]);
        assertThat(ScoreTransform.apply(new double[] {2, 2, 2})).containsOnly(0.0);
    }

    @Test
    void nearDuplicatesOfRunAndRunningTrialsAreRecognised() {
        Observations obs = new Observations(new double[][] {{0.5, Double.NaN, 1}}, new double[] {1},
                new double[][] {{0.1, 0.2, 0}});
        assertThat(obs.near(new double[] {0.503, Double.NaN, 1}, 0.005)).isTrue();
        assertThat(obs.near(new double[] {0.503, 0.5, 1}, 0.005)).as("activity differs").isFalse();
        assertThat(obs.near(new double[] {0.503, Double.NaN, 0}, 0.005)).as("category differs").isFalse();
        assertThat(obs.near(new double[] {0.1, 0.204, 0}, 0.005)).as("running trial").isTrue();
        assertThat(obs.near(new double[] {0.1, 0.21, 0}, 0.005)).isFalse();
    }

    @Test
    void boundedMinimizerStaysInsideTheBoxAndWithinBudget() {
        int[] calls = {0};
        for (BoundedMinimizer.Method method : BoundedMinimizer.Method.values()) {
            calls[0] = 0;
            BoundedMinimizer.Result r = BoundedMinimizer.minimize(method, p -> {
                calls[0]++;
                return Math.pow(p[0] - 1.5, 2) + Math.pow(p[1] - 0.25, 2) + Math.pow(p[2] - 0.5, 2);
            }, new double[] {0.5, 0.5, 0.5}, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 0.1, 1e-6, 300);
            assertThat(calls[0]).as(method.name()).isLessThanOrEqualTo(300);
            assertThat(r.point()[0]).as(method.name()).isCloseTo(1.0, within(1e-3));
            assertThat(r.point()[1]).as(method.name()).isCloseTo(0.25, within(1e-2));
        }
    }
}
