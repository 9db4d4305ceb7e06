package dev.tunebatch.oracle.bayes;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * A local, box-bounded, derivative-free minimisation with a hard budget of function evaluations, on Hipparchus's
 * optimisers: Brent's method in one dimension; in more, BOBYQA ({@link Method#MODEL_BASED}: few evaluations, but
 * each of its steps costs about 0.1 ms, so it suits expensive objectives such as a likelihood) or Nelder–Mead on
 * the objective composed with the projection onto the box ({@link Method#SIMPLEX}: more evaluations, negligible
 * overhead, for cheap objectives such as an acquisition function). Whatever way the optimiser ends (converged, out of
 * budget, or giving up on a degenerate model), the best point it evaluated is returned, and it is inside the box.
 */
final class BoundedMinimizer {

    /** Which optimiser runs in two or more dimensions. */
    enum Method { MODEL_BASED, SIMPLEX }

    /** A point and its value. */
    record Result(double[] point, double value) {
    }

    /** Weight of the squared distance to the box added to the projected objective, so the simplex comes back. */
    private static final double OUTSIDE_PENALTY = 10.0;

    private BoundedMinimizer() {
    }

    /**
     * Minimises {@code f} from {@code start} inside {@code [lower, upper]}.
     *
     * @param initialRadius  the first step size
     * @param stopRadius     the step size at which to stop
     * @param maxEvaluations the evaluation budget, at least 1
     */
    static Result minimize(Method method, ToDoubleFunction<double[]> f, double[] start, double[] lower,
                           double[] upper, double initialRadius, double stopRadius, int maxEvaluations) {
        BestSeen best = new BestSeen(f, lower, upper);
        double[] x0 = project(start, lower, upper);
        best.value(x0);
        int budget = maxEvaluations - 1;
        try {
            if (x0.length == 1 && budget > 2) {
                double lo = Math.max(lower[0], x0[0] - 2 * initialRadius);
                double hi = Math.min(upper[0], x0[0] + 2 * initialRadius);
                if (hi > lo) {
                    new BrentOptimizer(1e-6, stopRadius).optimize(new MaxEval(budget), GoalType.MINIMIZE,
                            new UnivariateObjectiveFunction(u -> best.value(new double[] {u})),
                            new SearchInterval(lo, hi, x0[0]));
                }
            } else if (x0.length >= 2 && method == Method.MODEL_BASED && budget > 2 * x0.length + 2) {
                double smallestWidth = Double.POSITIVE_INFINITY;
                for (int i = 0; i < x0.length; i++) {
                    smallestWidth = Math.min(smallestWidth, upper[i] - lower[i]);
                }
                if (smallestWidth > 0) {
                    double radius = Math.min(initialRadius, smallestWidth / 2.0);
                    new BOBYQAOptimizer(2 * x0.length + 1, radius, Math.min(stopRadius, radius / 2))
                            .optimize(new MaxEval(budget), new ObjectiveFunction(best::value), GoalType.MINIMIZE,
                                    new InitialGuess(x0), new SimpleBounds(lower, upper));
                }
            } else if (x0.length >= 2 && budget > x0.length + 1) {
                double[] steps = new double[x0.length];
                Arrays.fill(steps, initialRadius);
                new SimplexOptimizer(0.0, stopRadius * stopRadius)
                        .optimize(new MaxEval(budget), new ObjectiveFunction(best::projectedValue),
                                GoalType.MINIMIZE, new InitialGuess(x0), new NelderMeadSimplex(steps));
            }
        } catch (MathRuntimeException stoppedEarly) {
            // Out of budget or a degenerate model: the best point seen so far is the answer.
        }
        return new Result(best.point, best.value);
    }

    private static double[] project(double[] x, double[] lower, double[] upper) {
        double[] p = x.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(upper[i], Math.max(lower[i], p[i]));
        }
        return p;
    }

    /** Wraps the objective and remembers the best point evaluated. */
    private static final class BestSeen {
        private final ToDoubleFunction<double[]> f;
        private final double[] lower;
        private final double[] upper;
        private double[] point;
        private double value = Double.POSITIVE_INFINITY;

        BestSeen(ToDoubleFunction<double[]> f, double[] lower, double[] upper) {
            this.f = f;
            this.lower = lower;
            this.upper = upper;
        }

        double value(double[] x) {
            double v = f.applyAsDouble(x);
            if (Double.isNaN(v)) {
                v = Double.MAX_VALUE;
            }
            if (point == null || v < value) {
                value = v;
                point = x.clone();
            }
            return v;
        }

        /** The value at the projection of {@code x} onto the box, plus a penalty for how far outside it lies. */
        double projectedValue(double[] x) {
            double[] p = project(x, lower, upper);
            double outside = 0.0;
            for (int i = 0; i < x.length; i++) {
                outside += (x[i] - p[i]) * (x[i] - p[i]);
            }
            return value(p) + OUTSIDE_PENALTY * outside;
        }
    }
}
