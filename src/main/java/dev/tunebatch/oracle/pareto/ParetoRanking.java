package dev.tunebatch.oracle.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a search's trials when objectives are compared by Pareto dominance and constraints may be violated:
 * constrained dominance (feasible before infeasible, then dominance among the feasible; among the infeasible, less
 * violation first, then dominance among equally violating ones).
 *
 * <p>Within one front the tie-break is the exclusive hypervolume contribution (largest first), computed on
 * coordinates scaled to [0, 1] over the ranked points with the reference point at 1.1 in each; with four or more
 * objectives it is the crowding distance (NSGA-II's), since exact contributions grow too costly. Equal keys keep the
 * given order. With a single objective this is simply the sort by that objective.
 *
 * @param order        indices best first
 * @param rank         each index's front: 0 for the first (non-dominated feasible, or least violating when none is
 *                     feasible), counting on through the infeasible ones
 * @param contribution each index's tie-break value within its front (hypervolume contribution or crowding distance)
 */
public record ParetoRanking(int[] order, int[] rank, double[] contribution) {

    private static final double REFERENCE = 1.1;

    /**
     * Ranks the points.
     *
     * @param minimised each item's objective values, turned "lower is better"; NaN ranks last
     * @param violation each item's constraint violation, 0 when feasible (positive infinity when unknown)
     */
    public static ParetoRanking of(double[][] minimised, double[] violation) {
        int n = minimised.length;
        int[] rank = new int[n];
        double[] contribution = new double[n];
        int[] order = new int[n];
        if (n == 0) {
            return new ParetoRanking(order, rank, contribution);
        }
        double[][] scaled = scaled(minimised);
        Map<Double, List<Integer>> byViolation = new LinkedHashMap<>();
        Integer[] items = new Integer[n];
        for (int i = 0; i < n; i++) {
            items[i] = i;
        }
        Arrays.sort(items, Comparator.comparingDouble(i -> violationKey(violation[i])));
        for (int i : items) {
            byViolation.computeIfAbsent(violationKey(violation[i]), k -> new ArrayList<>()).add(i);
        }
        int next = 0;
        int front = 0;
        for (List<Integer> group : byViolation.values()) {
            for (int[] members : Dominance.fronts(minimised, group.stream().mapToInt(Integer::intValue).toArray())) {
                double[] tieBreak = tieBreak(scaled, members);
                Integer[] sorted = new Integer[members.length];
                for (int k = 0; k < members.length; k++) {
                    sorted[k] = k;
                }
                Arrays.sort(sorted, Comparator.comparingDouble((Integer k) -> -tieBreak[k])
                        .thenComparingInt(k -> members[k]));
                for (int k : sorted) {
                    order[next++] = members[k];
                    rank[members[k]] = front;
                    contribution[members[k]] = tieBreak[k];
                }
                front++;
            }
        }
        return new ParetoRanking(order, rank, contribution);
    }

    /** The indices of the first front, best first. */
    public int[] firstFront() {
        return Arrays.stream(order).filter(i -> rank[i] == 0).toArray();
    }

    private static double violationKey(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.max(0.0, v);
    }

    /** Each coordinate scaled to [0, 1] over the finite values (a constant coordinate becomes 0). */
    private static double[][] scaled(double[][] points) {
        int m = points[0].length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] p : points) {
            for (int j = 0; j < m; j++) {
                if (Double.isFinite(p[j])) {
                    lo[j] = Math.min(lo[j], p[j]);
                    hi[j] = Math.max(hi[j], p[j]);
                }
            }
        }
        double[][] s = new double[points.length][m];
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < m; j++) {
                double range = hi[j] - lo[j];
                s[i][j] = range > 0 && Double.isFinite(range) ? (points[i][j] - lo[j]) / range : 0.0;
            }
        }
        return s;
    }

    private static double[] tieBreak(double[][] scaled, int[] members) {
        double[][] front = new double[members.length][];
        for (int k = 0; k < members.length; k++) {
            front[k] = scaled[members[k]];
        }
        if (Dominance.hasNaN(front[0])) {
            return new double[members.length];
        }
        int m = front[0].length;
        if (m >= 4) {
            return crowding(front);
        }
        double[] reference = new double[m];
        Arrays.fill(reference, REFERENCE);
        return Hypervolume.contributions(front, reference);
    }

    /** NSGA-II's crowding distance: the extremes of each coordinate are infinitely far. */
    static double[] crowding(double[][] front) {
        int n = front.length;
        double[] d = new double[n];
        for (int j = 0; j < front[0].length; j++) {
            int coordinate = j;
            Integer[] sorted = new Integer[n];
            for (int k = 0; k < n; k++) {
                sorted[k] = k;
            }
            Arrays.sort(sorted, Comparator.comparingDouble(k -> front[k][coordinate]));
            double range = front[sorted[n - 1]][j] - front[sorted[0]][j];
            d[sorted[0]] = Double.POSITIVE_INFINITY;
            d[sorted[n - 1]] = Double.POSITIVE_INFINITY;
            if (range <= 0) {
                continue;
            }
            for (int k = 1; k < n - 1; k++) {
                d[sorted[k]] += (front[sorted[k + 1]][j] - front[sorted[k - 1]][j]) / range;
            }
        }
        return d;
    }
}
