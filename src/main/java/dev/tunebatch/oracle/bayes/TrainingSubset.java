package dev.tunebatch.oracle.bayes;

import java.util.Arrays;

/**
 * Which completed trials the Gaussian process takes, so that the cost of a proposal stops growing with the study.
 * Up to {@code limit} trials it takes all of them (the exact process). Beyond, two bounded subsets:
 * <ul>
 *   <li>the kernel's hyperparameters are fitted to {@code limit} trials evenly spaced in trial order
 *   ({@link #spread(int)}), a sample of the study as it is;</li>
 *   <li>the process is conditioned on (and predicts from) {@code limit} trials chosen around the incumbent
 *   ({@link #select}):
 *   <ol>
 *     <li>the {@code best} lowest scores (every good region the acquisition search starts from);</li>
 *     <li>the {@code recent} latest trials (what the last proposals learnt, good or bad);</li>
 *     <li>the trials nearest the best one, in the kernel's metric, up to {@code best + recent + neighbours} in all
 *     (the model is most accurate where the acquisition looks hardest: around the incumbent, bad neighbours
 *     included);</li>
 *     <li>then, one by one, the trial farthest from every one taken so far, up to {@code limit} (so that the rest
 *     of the space, and the regions known to be bad, stay known); in a study of more than
 *     {@value #FILL_CANDIDATES} other trials, among an evenly spaced {@value #FILL_CANDIDATES} of them.</li>
 *   </ol></li>
 * </ul>
 * Ties go to the earlier trial. The choice depends only on the trials (their order, points and scores) and on the
 * kernel parameters in effect, both of which a resumed search has, so it chooses the same.
 *
 * <p>Cost of {@link #select}: {@code O(n·d + n·log n)} for the first three steps and at most
 * {@code O(limit·}{@value #FILL_CANDIDATES}{@code ·d)} for the last, {@code O(n)} memory, for {@code n} trials of
 * {@code d} coordinates; the model then costs {@code O(limit³)} to fit and condition and {@code O(limit²)} per
 * prediction, whatever {@code n}.
 *
 * @param limit      the most trials the model takes; up to this many, all of them
 * @param best       how many best trials are always taken
 * @param recent     how many latest trials are always taken
 * @param neighbours how many trials nearest the best one are taken on top
 */
record TrainingSubset(int limit, int best, int recent, int neighbours) {

    /** The most trials the space-filling step chooses among. */
    static final int FILL_CANDIDATES = 1024;

    TrainingSubset {
        if (best < 1 || recent < 0 || neighbours < 0 || best + recent + neighbours > limit) {
            throw new IllegalArgumentException("TrainingSubset: best " + best + ", recent " + recent
                    + " and neighbours " + neighbours + " must be non-negative (best at least 1) and fit in limit "
                    + limit + ".");
        }
    }

    /** The default: the exact process up to 256 trials, then 256 of them (48 best, 24 latest, 96 neighbours). */
    static TrainingSubset standard() {
        return new TrainingSubset(256, 48, 24, 96);
    }

    /** Whether {@code n} trials are more than the model takes. */
    boolean reduces(int n) {
        return n > limit;
    }

    /**
     * The indices (ascending) of the trials to model, among {@code points} with scores {@code y} (lower is
     * better); distances are {@code r²} of the kernel with {@code 1/ℓ_d²} = {@code inverseSquaredLengths}.
     */
    int[] select(double[][] points, double[] y, double[] inverseSquaredLengths, boolean[] categorical) {
        int n = points.length;
        if (!reduces(n)) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        boolean[] taken = new boolean[n];
        int count = 0;
        int[] byScore = ascending(y);
        for (int k = 0; k < best; k++) {
            taken[byScore[k]] = true;
            count++;
        }
        for (int i = n - 1; i >= n - recent; i--) {
            if (!taken[i]) {
                taken[i] = true;
                count++;
            }
        }
        double[] fromBest = new double[n];
        double[] incumbent = points[byScore[0]];
        for (int i = 0; i < n; i++) {
            fromBest[i] = MaternKernel.scaledSquaredDistance(incumbent, points[i], inverseSquaredLengths,
                    categorical);
        }
        int[] byDistance = ascending(fromBest);
        for (int k = 0; k < n && count < best + recent + neighbours; k++) {
            if (!taken[byDistance[k]]) {
                taken[byDistance[k]] = true;
                count++;
            }
        }
        fillFarthest(points, inverseSquaredLengths, categorical, taken, count);
        int[] chosen = new int[limit];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (taken[i]) {
                chosen[c++] = i;
            }
        }
        return chosen;
    }

    /**
     * The indices (ascending) of the trials the kernel's hyperparameters are fitted to: all of them up to the
     * limit, else {@code limit} evenly spaced in trial order, so that the fit sees the study as it is (a subset
     * crowded around the incumbent makes the likelihood favour length scales that fit that crowd and nothing else).
     */
    int[] spread(int n) {
        int size = Math.min(n, limit);
        int[] out = new int[size];
        for (int k = 0; k < size; k++) {
            out[k] = (int) ((long) k * n / size);
        }
        return out;
    }

    /**
     * Greedy max–min: takes the candidate farthest from all taken trials until {@code limit} are taken. The
     * candidates are the untaken trials, or an evenly spaced {@link #FILL_CANDIDATES} of them in a larger study,
     * which bounds the cost whatever the study's size.
     */
    private void fillFarthest(double[][] points, double[] inverseSquaredLengths, boolean[] categorical,
                              boolean[] taken, int count) {
        int n = points.length;
        int[] candidates = candidates(taken, n - count);
        double[] nearest = new double[candidates.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        boolean[] picked = new boolean[candidates.length];
        for (int j = 0; j < n; j++) {
            if (taken[j]) {
                lowerNearest(points, points[j], inverseSquaredLengths, categorical, candidates, picked, nearest);
            }
        }
        for (; count < limit; count++) {
            int farthest = -1;
            for (int c = 0; c < candidates.length; c++) {
                if (!picked[c] && (farthest < 0 || nearest[c] > nearest[farthest])) {
                    farthest = c;
                }
            }
            picked[farthest] = true;
            taken[candidates[farthest]] = true;
            lowerNearest(points, points[candidates[farthest]], inverseSquaredLengths, categorical, candidates, picked,
                    nearest);
        }
    }

    /** Every untaken trial, or every k-th of them when there are more than {@link #FILL_CANDIDATES}. */
    private static int[] candidates(boolean[] taken, int untaken) {
        int stride = Math.max(1, (untaken + FILL_CANDIDATES - 1) / FILL_CANDIDATES);
        int[] out = new int[(untaken + stride - 1) / stride];
        int seen = 0;
        int c = 0;
        for (int i = 0; i < taken.length; i++) {
            if (!taken[i] && seen++ % stride == 0) {
                out[c++] = i;
            }
        }
        return out;
    }

    /** Lowers each candidate's distance to the nearest taken trial by its distance to {@code p}. */
    private static void lowerNearest(double[][] points, double[] p, double[] inverseSquaredLengths,
                                     boolean[] categorical, int[] candidates, boolean[] picked, double[] nearest) {
        for (int c = 0; c < candidates.length; c++) {
            if (!picked[c]) {
                double r2 = MaternKernel.scaledSquaredDistance(p, points[candidates[c]], inverseSquaredLengths,
                        categorical);
                if (r2 < nearest[c]) {
                    nearest[c] = r2;
                }
            }
        }
    }

    /** Indices ordered by ascending value, ties by index. */
    private static int[] ascending(double[] values) {
        return java.util.stream.IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> {
                    int c = Double.compare(values[a], values[b]);
                    return c != 0 ? c : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue).toArray();
    }

    /** The rows of {@code points} at {@code indices}. */
    static double[][] rows(double[][] points, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            out[k] = points[indices[k]];
        }
        return out;
    }

    /** The entries of {@code values} at {@code indices}. */
    static double[] entries(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = values[indices[k]];
        }
        return out;
    }
}
