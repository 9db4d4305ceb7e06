package dev.tunebatch.oracle.bayes;

import dev.tunebatch.oracle.ConstraintSpec;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import dev.tunebatch.oracle.pareto.Dominance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What the Bayesian oracle minimises when a search wants more than one score: a Pareto front, constraints, or both.
 * Every objective and every constrained metric gets a Gaussian process of its own ({@link MetricModel}), fitted to
 * all completed trials (feasible or not, so that the objectives' landscape is learnt everywhere).
 *
 * <ul>
 *   <li><b>Two Pareto objectives</b>: expected hypervolume improvement over the front of the feasible trials
 *   ({@link HypervolumeImprovement}), on each objective's normalised scale ({@link ScoreTransform}), with the
 *   reference point 10 % of the front's extent beyond its worst point.</li>
 *   <li><b>Three or more</b> (or {@link ParetoStrategy#PAREGO}): ParEGO — each proposal draws weights uniformly on the
 *   simplex, scalarises the objectives (scaled to [0, 1]) by the augmented Chebyshev function
 *   {@code max_j λ_j·y_j + 0.05·Σ_j λ_j·y_j}, and maximises expected improvement of that scalar; over many
 *   proposals the whole front is covered, concave parts included.</li>
 *   <li><b>A single or summed objective with constraints</b>: expected improvement over the best feasible score.</li>
 *   <li><b>Constraints</b>: the acquisition is multiplied by the probability that every constraint holds, each
 *   constrained metric's slack modelled on its own; until a trial is feasible, that probability alone is maximised,
 *   so the search first finds the feasible region and then stops proposing where constraints are likely violated.</li>
 * </ul>
 */
final class GoalAcquisition implements ToDoubleFunction<double[]> {

    private static final double CHEBYSHEV_AUGMENTATION = 0.05;
    private static final double REFERENCE_MARGIN = 0.1;

    private final List<MetricModel> objectiveModels = new ArrayList<>();
    private final List<MetricModel> constraintModels = new ArrayList<>();
    private final List<Double> thresholds = new ArrayList<>();
    private HypervolumeImprovement hypervolume;
    private ExpectedImprovement improvement;
    private final double[] prediction = new double[2];
    private final double[] second = new double[2];
    private final Observations observations;

    /**
     * Fits the models.
     *
     * @param completed the COMPLETED trials with every objective value, in creation order
     * @param pending   running trials' coordinates
     * @param fitters   the kernel fitter of each modelled metric, by key (created on first use)
     */
    GoalAcquisition(ObjectiveSpec objective, SearchEncoding encoding, List<Trial> completed, double[][] pending,
                    Function<String, KernelFitter> fitters, ParetoStrategy strategy, DoubleSupplier uniform) {
        int n = completed.size();
        double[][] points = new double[n][];
        double[][] minimised = new double[n][];
        boolean[] feasible = new boolean[n];
        for (int i = 0; i < n; i++) {
            Trial t = completed.get(i);
            points[i] = encoding.encode(t.hyperparameters().values());
            minimised[i] = TrialRanking.minimised(objective, t);
            feasible[i] = TrialRanking.feasible(objective, t);
        }
        this.observations = new Observations(points, rankPositions(objective, completed), pending);
        int m = minimised.length == 0 ? 0 : minimised[0].length;
        if (objective.isPareto() && m == 2 && strategy == ParetoStrategy.EHVI) {
            double[][] z = new double[2][];
            for (int j = 0; j < 2; j++) {
                z[j] = ScoreTransform.apply(column(minimised, j));
                objectiveModels.add(MetricModel.fit(fitters.apply("objective:" + objective.components().get(j).name()),
                        encoding, points, z[j], pending, uniform));
            }
            hypervolume = hypervolumeOfFeasible(z, feasible);
        } else {
            double[] scalar;
            String key;
            if (objective.isPareto()) {
                scalar = chebyshev(minimised, simplexWeights(m, uniform));
                key = "parego";
            } else {
                scalar = column(minimised, 0);
                key = "objective";
            }
            double[] z = ScoreTransform.apply(scalar);
            objectiveModels.add(MetricModel.fit(fitters.apply(key), encoding, points, z, pending, uniform));
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (feasible[i]) {
                    best = Math.min(best, z[i]);
                }
            }
            improvement = best == Double.POSITIVE_INFINITY ? null : new ExpectedImprovement(best);
        }
        for (ConstraintSpec c : objective.constraints()) {
            fitConstraint(objective, c, completed, points, pending, encoding, fitters, uniform);
        }
    }

    /** The trials' data as the acquisition search wants it: {@code y} is each trial's position in the ranking. */
    Observations observations() {
        return observations;
    }

    @Override
    public double applyAsDouble(double[] x) {
        double logFeasible = 0.0;
        for (int k = 0; k < constraintModels.size(); k++) {
            constraintModels.get(k).predict(x, prediction);
            logFeasible += NormalTail.logCdf((prediction[0] - thresholds.get(k)) / prediction[1]);
        }
        if (hypervolume != null) {
            objectiveModels.get(0).predict(x, prediction);
            objectiveModels.get(1).predict(x, second);
            return -(hypervolume.logValue(prediction[0], prediction[1], second[0], second[1]) + logFeasible);
        }
        if (improvement != null) {
            objectiveModels.get(0).predict(x, prediction);
            return improvement.value(prediction[0], prediction[1] * prediction[1]) - logFeasible;
        }
        return -logFeasible;
    }

    /** The expected-improvement front: the non-dominated feasible points, or none (then feasibility alone counts). */
    private static HypervolumeImprovement hypervolumeOfFeasible(double[][] z, boolean[] feasible) {
        int n = feasible.length;
        double[][] rows = new double[n][];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {z[0][i], z[1][i]};
            if (feasible[i]) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int[] front = Dominance.firstFront(rows, candidates.stream().mapToInt(Integer::intValue).toArray());
        double[][] points = new double[front.length][];
        double[] reference = new double[2];
        for (int j = 0; j < 2; j++) {
            double lo = Arrays.stream(z[j]).min().orElse(0);
            double hi = Arrays.stream(z[j]).max().orElse(0);
            reference[j] = hi + REFERENCE_MARGIN * (hi > lo ? hi - lo : 1.0);
        }
        for (int k = 0; k < front.length; k++) {
            points[k] = rows[front[k]];
        }
        return new HypervolumeImprovement(points, reference);
    }

    private void fitConstraint(ObjectiveSpec objective, ConstraintSpec c, List<Trial> completed, double[][] points,
                               double[][] pending, SearchEncoding encoding, Function<String, KernelFitter> fitters,
                               DoubleSupplier uniform) {
        List<double[]> xs = new ArrayList<>();
        List<Double> slacks = new ArrayList<>();
        for (int i = 0; i < completed.size(); i++) {
            Double v = TrialRanking.constrainedValue(objective, completed.get(i), c.metric());
            if (v != null && Double.isFinite(v)) {
                xs.add(points[i]);
                slacks.add(c.slack(v));
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        double[] s = slacks.stream().mapToDouble(Double::doubleValue).toArray();
        Standardizer standardizer = Standardizer.of(s);
        constraintModels.add(MetricModel.fit(fitters.apply("constraint:" + c), encoding,
                xs.toArray(double[][]::new), standardizer.apply(s), pending, uniform));
        thresholds.add(-standardizer.mean() / standardizer.scale());
    }

    /** Each trial's position in the search's order (0 = best), so that the best trials are perturbed first. */
    private static double[] rankPositions(ObjectiveSpec objective, List<Trial> completed) {
        double[] y = new double[completed.size()];
        int[] order = TrialRanking.rank(objective, completed).order();
        for (int position = 0; position < order.length; position++) {
            y[order[position]] = position;
        }
        return y;
    }

    /** Weights drawn uniformly on the simplex (normalised exponential draws). */
    static double[] simplexWeights(int m, DoubleSupplier uniform) {
        double[] w = new double[m];
        double sum = 0;
        for (int j = 0; j < m; j++) {
            w[j] = -Math.log(Math.max(uniform.getAsDouble(), 1e-300));
            sum += w[j];
        }
        for (int j = 0; j < m; j++) {
            w[j] /= sum;
        }
        return w;
    }

    /** The augmented Chebyshev scalarisation of the points, each coordinate scaled to [0, 1] first. */
    static double[] chebyshev(double[][] minimised, double[] weights) {
        int n = minimised.length;
        int m = weights.length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        for (int j = 0; j < m; j++) {
            double[] col = column(minimised, j);
            lo[j] = Arrays.stream(col).min().orElse(0);
            hi[j] = Arrays.stream(col).max().orElse(1);
        }
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double scaled = hi[j] > lo[j] ? (minimised[i][j] - lo[j]) / (hi[j] - lo[j]) : 0.0;
                max = Math.max(max, weights[j] * scaled);
                sum += weights[j] * scaled;
            }
            f[i] = max + CHEBYSHEV_AUGMENTATION * sum;
        }
        return f;
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }
}
