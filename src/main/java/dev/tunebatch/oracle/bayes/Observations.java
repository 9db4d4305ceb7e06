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

    /**
     * Whether {@code x} lies within {@code tolerance} of a completed or running point in every coordinate (same
     * category, same activity).
     */
    boolean near(double[] x, double tolerance) {
        return nearAny(points, x, tolerance) || nearAny(pending, x, tolerance);
    }

    private static boolean nearAny(double[][] set, double[] x, double tolerance) {
        for (double[] p : set) {
            boolean close = true;
            for (int d = 0; d < x.length && close; d++) {
                boolean offX = Double.isNaN(x[d]);
                boolean offP = Double.isNaN(p[d]);
                close = offX == offP && (offX || Math.abs(x[d] - p[d]) <= tolerance);
            }
            if (close) {
                return true;
            }
        }
        return false;
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
