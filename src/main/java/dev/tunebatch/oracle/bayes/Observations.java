package dev.tunebatch.oracle.bayes;

/**
 * The training data of one proposal: encoded points of the completed trials with their scores turned into
 * "smaller is better" ({@code y}), and the encoded points of the trials still running.
 *
 * @param points  completed trials' coordinates
 * @param y       their scores, negated when the objective is maximised
 * @param pending running trials' coordinates
 */
record Observations(double[][] points, double[] y, double[][] pending) {

    int size() {
        return points.length;
    }

    /** Indices of the completed points, best (lowest {@code y}) first; ties keep trial order. */
    int[] bestFirst() {
        Integer[] idx = new Integer[y.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(y[a], y[b]));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
