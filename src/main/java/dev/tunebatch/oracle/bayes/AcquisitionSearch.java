package dev.tunebatch.oracle.bayes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Minimises an {@link Acquisition} over the encoded space, cheaply: a pool of random candidates and of
 * perturbations of the best trials (at several scales), then local refinement of the best few (a bounded
 * continuous search over the continuous coordinates, one-step moves over the discrete and categorical ones). Every
 * candidate is canonical, i.e. the coordinates of a real value set. The result is every evaluated candidate, best
 * first, so that the caller can skip value sets already tried.
 */
final class AcquisitionSearch {

    private static final double[] PERTURBATION_SCALES = {0.01, 0.03, 0.1, 0.3};
    private static final double REFINE_RADIUS = 0.05;
    private static final double REFINE_STOP = 1e-4;
    private static final int REFINE_PASSES = 2;

    /** A canonical point and its acquisition value. */
    record Candidate(double[] point, double value) {
    }

    private final SearchEncoding encoding;
    private final ToDoubleFunction<double[]> acquisition;
    private final DoubleSupplier uniform;
    private final SearchBudget budget;

    AcquisitionSearch(SearchEncoding encoding, GaussianProcess model, Acquisition acquisition, DoubleSupplier uniform,
                      SearchBudget budget) {
        this(encoding, pointwise(model, acquisition), uniform, budget);
    }

    /** A search minimising any function of the encoded point (several models, constraints). */
    AcquisitionSearch(SearchEncoding encoding, ToDoubleFunction<double[]> acquisition, DoubleSupplier uniform,
                      SearchBudget budget) {
        this.encoding = encoding;
        this.acquisition = acquisition;
        this.uniform = uniform;
        this.budget = budget;
    }

    /** The acquisition of one model's posterior at a point. */
    private static ToDoubleFunction<double[]> pointwise(GaussianProcess model, Acquisition acquisition) {
        double[] buffer = model.newBuffer();
        double[] prediction = new double[2];
        return x -> {
            model.predict(x, buffer, prediction);
            return acquisition.value(prediction[0], prediction[1]);
        };
    }

    /** Every candidate evaluated, best (lowest acquisition) first; ties keep generation order. */
    List<Candidate> ranked(Observations observations) {
        List<Candidate> pool = new ArrayList<>();
        for (int i = 0; i < budget.randomPoints(); i++) {
            pool.add(evaluate(encoding.random(uniform)));
        }
        int[] best = observations.bestFirst();
        for (int k = 0; k < Math.min(budget.incumbents(), best.length); k++) {
            double[] centre = observations.points()[best[k]];
            for (int p = 0; p < budget.perturbations(); p++) {
                pool.add(evaluate(perturb(centre, PERTURBATION_SCALES[p % PERTURBATION_SCALES.length])));
            }
        }
        pool.sort(Comparator.comparingDouble(Candidate::value));
        List<Candidate> refined = new ArrayList<>();
        List<double[]> starts = new ArrayList<>();
        for (Candidate c : pool) {
            if (starts.size() >= budget.refinements()) {
                break;
            }
            if (starts.stream().noneMatch(s -> Arrays.equals(s, c.point()))) {
                starts.add(c.point());
                refined.add(refine(c));
            }
        }
        List<Candidate> all = new ArrayList<>(refined);
        all.addAll(pool);
        all.sort(Comparator.comparingDouble(Candidate::value));
        return all;
    }

    /** The acquisition value at a point. */
    double acquisition(double[] x) {
        return acquisition.applyAsDouble(x);
    }

    private Candidate evaluate(double[] x) {
        return new Candidate(x, acquisition(x));
    }

    /**
     * A canonical point near {@code centre}: numeric coordinates moved by a normal step of standard deviation
     * {@code scale}, each categorical one switched to a random category with probability {@code 1/dimensions}.
     */
    private double[] perturb(double[] centre, double scale) {
        double[] x = encoding.fillInactive(centre, uniform);
        double switchProbability = 1.0 / x.length;
        for (int d = 0; d < x.length; d++) {
            Dimension dim = encoding.dimension(d);
            if (dim.categorical()) {
                if (uniform.getAsDouble() < switchProbability) {
                    x[d] = dim.random(uniform);
                }
            } else {
                x[d] = Dimension.clamp(x[d] + scale * gaussian());
            }
        }
        return encoding.canonical(x);
    }

    /** A standard normal draw (Box–Muller) from the oracle's uniform stream. */
    private double gaussian() {
        double u1 = Math.max(uniform.getAsDouble(), 1e-300);
        double u2 = uniform.getAsDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private Candidate refine(Candidate start) {
        double[] x = start.point().clone();
        double value = start.value();
        for (int pass = 0; pass < REFINE_PASSES; pass++) {
            Candidate continuous = refineContinuous(x, value);
            x = continuous.point();
            value = continuous.value();
            Candidate discrete = refineDiscrete(x, value);
            if (discrete.value() >= value) {
                break;
            }
            x = discrete.point();
            value = discrete.value();
        }
        double[] canonical = encoding.canonical(x);
        return Arrays.equals(canonical, x) ? new Candidate(x, value) : evaluate(canonical);
    }

    private Candidate refineContinuous(double[] x, double value) {
        int[] free = freeContinuous(x);
        if (free.length == 0) {
            return new Candidate(x, value);
        }
        double[] start = new double[free.length];
        for (int i = 0; i < free.length; i++) {
            start[i] = x[free[i]];
        }
        double[] lower = new double[free.length];
        double[] upper = new double[free.length];
        Arrays.fill(upper, 1.0);
        double[] trial = x.clone();
        BoundedMinimizer.Result r = BoundedMinimizer.minimize(BoundedMinimizer.Method.SIMPLEX, z -> {
            for (int i = 0; i < free.length; i++) {
                trial[free[i]] = z[i];
            }
            return acquisition(trial);
        }, start, lower, upper, REFINE_RADIUS, REFINE_STOP, budget.refineEvaluations());
        if (r.value() >= value) {
            return new Candidate(x, value);
        }
        double[] moved = x.clone();
        for (int i = 0; i < free.length; i++) {
            moved[free[i]] = r.point()[i];
        }
        return new Candidate(moved, r.value());
    }

    private int[] freeContinuous(double[] x) {
        int count = 0;
        int[] free = new int[x.length];
        for (int d = 0; d < x.length; d++) {
            if (encoding.dimension(d).continuous() && !Double.isNaN(x[d])) {
                free[count++] = d;
            }
        }
        return Arrays.copyOf(free, count);
    }

    /** Best-improvement one-step moves of the discrete coordinates, a few rounds. */
    private Candidate refineDiscrete(double[] x, double value) {
        double[] current = x;
        double currentValue = value;
        for (int round = 0; round < budget.discreteRounds(); round++) {
            double[] bestMove = null;
            double bestValue = currentValue;
            for (int d = 0; d < current.length; d++) {
                Dimension dim = encoding.dimension(d);
                if (dim.continuous() || Double.isNaN(current[d])) {
                    continue;
                }
                for (double neighbour : dim.neighbours(current[d])) {
                    double[] moved = current.clone();
                    moved[d] = neighbour;
                    moved = encoding.canonical(encoding.fillInactive(moved, uniform));
                    double v = acquisition(moved);
                    if (v < bestValue) {
                        bestValue = v;
                        bestMove = moved;
                    }
                }
            }
            if (bestMove == null) {
                break;
            }
            current = bestMove;
            currentValue = bestValue;
        }
        return new Candidate(current, currentValue);
    }
}
