package dev.tunebatch.tuner;

import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.TrialStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Early stopping of bad trials: after each epoch the objective's value reaches the search as an intermediate result,
 * and the pruner decides whether the trial goes on. A pruned trial ends {@code STOPPED} with the metrics of its last
 * epoch and a score (the best objective value it reached), and is never retried. A decision is taken at most once per
 * epoch and is stored with the trial in the same unit as the epoch, so a resumed search prunes exactly as an
 * uninterrupted one would. No decision is taken after a trial's last epoch (it completes).
 *
 * <p>With repeated executions ({@code executionsPerTrial}), the value at an epoch is the mean of the executions that
 * have reached it.
 */
public abstract class Pruner {

    Pruner() {
    }

    /** No early stopping (the default). */
    public static Pruner none() {
        return None.INSTANCE;
    }

    /**
     * The median rule (Katib's median stop, Optuna's {@code MedianPruner}): after epoch {@code k} (0-based,
     * {@code k >= warmupEpochs}) a trial stops when its best value so far is worse than the median of the best values
     * up to {@code k} of the other finished trials (completed or pruned) that reached epoch {@code k}, provided there
     * are at least {@code minTrials} of them. It can only stop the worse half of each epoch's field.
     *
     * @param warmupEpochs epochs every trial runs before it can be pruned (0 or more)
     * @param minTrials    finished trials needed at an epoch before the rule applies there (1 or more)
     */
    public static Pruner median(int warmupEpochs, int minTrials) {
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("Pruner.median: warmupEpochs=" + warmupEpochs + " must be 0 or more, "
                    + "e.g. Pruner.median(2, 5).");
        }
        if (minTrials < 1) {
            throw new IllegalArgumentException("Pruner.median: minTrials=" + minTrials + " must be at least 1, "
                    + "e.g. Pruner.median(2, 5).");
        }
        return new Median(warmupEpochs, minTrials);
    }

    /**
     * Asynchronous successive halving (ASHA, as in Ray Tune and Optuna), for trials that are stopped rather than
     * paused. Rungs come after {@code minEpochs × factor^i} epochs; no trial is stopped before the first, so
     * {@code minEpochs} is the grace period every trial gets. When a trial reaches a rung (after an epoch that is not
     * its last), it is compared with the other trials that reached the same rung, in any state (running, completed,
     * pruned): it goes on while its value is at least the cutoff that only the best 1/factor of them reach (the
     * {@code 1 − 1/factor} quantile of their values, interpolated linearly), and stops otherwise. A rung stops no trial
     * until {@link SuccessiveHalving#minTrialsPerRung} trials, the one deciding included, have reached it (by default
     * {@code factor}: with fewer, successive halving has no top 1/factor to promote, and a trial that cannot be paused
     * goes on rather than being stopped on no evidence). A trial's value at a rung is its best value up to that rung,
     * the same measure its score is taken by.
     *
     * @param minEpochs       epochs before the first rung, the grace period (1 or more)
     * @param reductionFactor {@code factor}: the rung spacing and the share kept, 1/factor (2 or more)
     */
    public static SuccessiveHalving successiveHalving(int minEpochs, int reductionFactor) {
        if (minEpochs < 1) {
            throw new IllegalArgumentException("Pruner.successiveHalving: minEpochs=" + minEpochs + " must be at "
                    + "least 1, e.g. Pruner.successiveHalving(1, 3).");
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("Pruner.successiveHalving: reductionFactor=" + reductionFactor
                    + " must be at least 2, e.g. Pruner.successiveHalving(1, 3).");
        }
        return new SuccessiveHalving(minEpochs, reductionFactor, reductionFactor);
    }

    /** Whether this pruner can stop trials at all. */
    boolean active() {
        return true;
    }

    /**
     * Decides after {@code epoch} (0-based) of a trial whose objective per epoch is {@code own}; {@code others} are
     * the other trials of the search. Returns why the trial should stop, or {@code null} to go on.
     */
    abstract String decide(int epoch, Map<Integer, Double> own, List<Oracle.TrialCurve> others,
                           MetricDirection direction, String objective);

    /** A short description for messages and the stored state. */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    static double bestUpTo(Map<Integer, Double> curve, int epoch, MetricDirection direction) {
        double best = Double.NaN;
        for (Map.Entry<Integer, Double> e : curve.entrySet()) {
            if (e.getKey() <= epoch && (Double.isNaN(best) || direction.better(e.getValue(), best))) {
                best = e.getValue();
            }
        }
        return best;
    }

    static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    /** Never prunes. */
    private static final class None extends Pruner {
        static final None INSTANCE = new None();

        @Override
        boolean active() {
            return false;
        }

        @Override
        String decide(int epoch, Map<Integer, Double> own, List<Oracle.TrialCurve> others, MetricDirection direction,
                      String objective) {
            return null;
        }

        @Override
        public String describe() {
            return "Pruner.none()";
        }
    }

    /** The median rule. */
    private static final class Median extends Pruner {
        private final int warmupEpochs;
        private final int minTrials;

        Median(int warmupEpochs, int minTrials) {
            this.warmupEpochs = warmupEpochs;
            this.minTrials = minTrials;
        }

        @Override
        String decide(int epoch, Map<Integer, Double> own, List<Oracle.TrialCurve> others, MetricDirection direction,
                      String objective) {
            if (epoch < warmupEpochs) {
                return null;
            }
            double mine = bestUpTo(own, epoch, direction);
            if (Double.isNaN(mine)) {
                return null;
            }
            double[] field = others.stream()
                    .filter(c -> (c.status() == TrialStatus.COMPLETED || c.status() == TrialStatus.STOPPED)
                            && c.curve().containsKey(epoch))
                    .mapToDouble(c -> bestUpTo(c.curve(), epoch, direction)).filter(v -> !Double.isNaN(v))
                    .sorted().toArray();
            if (field.length < minTrials) {
                return null;
            }
            int mid = field.length / 2;
            double median = field.length % 2 == 1 ? field[mid] : (field[mid - 1] + field[mid]) / 2.0;
            if (!direction.better(median, mine)) {
                return null;
            }
            return "Pruned after epoch " + (epoch + 1) + " by the median rule: its best " + objective + " so far, "
                    + format(mine) + ", is worse than the median " + format(median) + " of " + field.length
                    + " other trials at that epoch.";
        }

        @Override
        public String describe() {
            return "Pruner.median(" + warmupEpochs + ", " + minTrials + ")";
        }
    }

    /**
     * Asynchronous successive halving, made by {@link Pruner#successiveHalving}; {@link #minTrialsPerRung} sets how
     * many trials a rung needs before it stops any.
     */
    public static final class SuccessiveHalving extends Pruner {
        private final int minEpochs;
        private final int factor;
        private final int minTrialsPerRung;

        private SuccessiveHalving(int minEpochs, int factor, int minTrialsPerRung) {
            this.minEpochs = minEpochs;
            this.factor = factor;
            this.minTrialsPerRung = minTrialsPerRung;
        }

        /**
         * This pruner, stopping no trial at a rung until {@code n} trials (the one deciding included) have reached that
         * rung. The default is the reduction factor; raise it when early epochs are noisy or the first trials are few.
         *
         * @param n trials a rung needs before it stops any (1 or more; 1 lets the second trial at a rung be stopped)
         */
        public SuccessiveHalving minTrialsPerRung(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Pruner.successiveHalving(" + minEpochs + ", " + factor
                        + ").minTrialsPerRung: n=" + n + " must be at least 1, e.g. minTrialsPerRung(" + factor
                        + ").");
            }
            return new SuccessiveHalving(minEpochs, factor, n);
        }

        /** The rung number whose epoch count is {@code epoch + 1}, or -1 when it is not a rung. */
        int rungOf(int epoch) {
            long count = minEpochs;
            for (int rung = 0; count <= epoch + 1L; rung++, count *= factor) {
                if (count == epoch + 1L) {
                    return rung;
                }
            }
            return -1;
        }

        @Override
        String decide(int epoch, Map<Integer, Double> own, List<Oracle.TrialCurve> others, MetricDirection direction,
                      String objective) {
            int rung = rungOf(epoch);
            if (rung < 0) {
                return null;
            }
            double mine = bestUpTo(own, epoch, direction);
            if (Double.isNaN(mine)) {
                return null;
            }
            List<Double> field = new ArrayList<>();
            for (Oracle.TrialCurve c : others) {
                if (c.curve().containsKey(epoch)) {
                    double theirs = bestUpTo(c.curve(), epoch, direction);
                    if (!Double.isNaN(theirs)) {
                        field.add(theirs);
                    }
                }
            }
            if (field.isEmpty() || field.size() + 1 < minTrialsPerRung) {
                return null;
            }
            double cutoff = cutoff(field, direction);
            if (!direction.better(cutoff, mine)) {
                return null;
            }
            return "Pruned at rung " + rung + " (after epoch " + (epoch + 1) + ") by successive halving: its best "
                    + objective + " so far, " + format(mine) + ", is worse than " + format(cutoff) + ", the cutoff "
                    + "of the best 1/" + factor + " of the " + field.size() + " other trials that reached this rung.";
        }

        /**
         * The value only the best 1/factor of {@code values} reach: their {@code 1 − 1/factor} quantile in the order of
         * {@code direction} (worst first), interpolated linearly between neighbours.
         */
        double cutoff(List<Double> values, MetricDirection direction) {
            List<Double> worstFirst = new ArrayList<>(values);
            worstFirst.sort(direction == MetricDirection.MAX ? Comparator.naturalOrder() : Comparator.reverseOrder());
            double position = (1 - 1.0 / factor) * (worstFirst.size() - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(worstFirst.size() - 1, below + 1);
            double lo = worstFirst.get(below);
            return lo + (worstFirst.get(above) - lo) * (position - below);
        }

        @Override
        public String describe() {
            String base = "Pruner.successiveHalving(" + minEpochs + ", " + factor + ")";
            return minTrialsPerRung == factor ? base : base + ".minTrialsPerRung(" + minTrialsPerRung + ")";
        }
    }
}
