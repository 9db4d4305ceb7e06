package dev.tunebatch.tuner;

import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.TrialStatus;

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
     * Asynchronous successive halving (ASHA, as in Ray Tune and Optuna): rungs after {@code minEpochs × factor^i}
     * epochs; when a trial reaches a rung, it goes on only while its best value so far is among the best
     * {@code max(1, ⌊m / factor⌋)} of the {@code m} trials (itself included, in any state) that have reached that rung.
     * Trials are never paused: one that is not promoted stops.
     *
     * @param minEpochs       epochs before the first rung (1 or more)
     * @param reductionFactor {@code factor}: the rung spacing and the share kept, 1/factor (2 or more)
     */
    public static Pruner successiveHalving(int minEpochs, int reductionFactor) {
        if (minEpochs < 1) {
            throw new IllegalArgumentException("Pruner.successiveHalving: minEpochs=" + minEpochs + " must be at "
                    + "least 1, e.g. Pruner.successiveHalving(1, 3).");
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("Pruner.successiveHalving: reductionFactor=" + reductionFactor
                    + " must be at least 2, e.g. Pruner.successiveHalving(1, 3).");
        }
        return new SuccessiveHalving(minEpochs, reductionFactor);
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

    /** Asynchronous successive halving. */
    private static final class SuccessiveHalving extends Pruner {
        private final int minEpochs;
        private final int factor;

        SuccessiveHalving(int minEpochs, int factor) {
            this.minEpochs = minEpochs;
            this.factor = factor;
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
            int better = 0;
            int reached = 1;
            for (Oracle.TrialCurve c : others) {
                if (!c.curve().containsKey(epoch)) {
                    continue;
                }
                double theirs = bestUpTo(c.curve(), epoch, direction);
                if (Double.isNaN(theirs)) {
                    continue;
                }
                reached++;
                if (direction.better(theirs, mine)) {
                    better++;
                }
            }
            int kept = Math.max(1, reached / factor);
            if (better < kept) {
                return null;
            }
            return "Pruned at rung " + rung + " (after epoch " + (epoch + 1) + ") by successive halving: its best "
                    + objective + " so far, " + format(mine) + ", is not among the best " + kept + " of the "
                    + reached + " trials that reached this rung.";
        }

        @Override
        public String describe() {
            return "Pruner.successiveHalving(" + minEpochs + ", " + factor + ")";
        }
    }
}
