package dev.tunebatch.oracle.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance between points whose every coordinate is minimised: {@code a} dominates {@code b} when it is no
 * worse in every coordinate and better in at least one. Equal points do not dominate each other. A point with a NaN
 * coordinate is dominated by every point without one and dominates none.
 */
public final class Dominance {

    private Dominance() {
    }

    /** Whether {@code a} dominates {@code b}. */
    public static boolean dominates(double[] a, double[] b) {
        boolean aNaN = hasNaN(a);
        boolean bNaN = hasNaN(b);
        if (aNaN || bNaN) {
            return !aNaN && bNaN;
        }
        boolean better = false;
        for (int j = 0; j < a.length; j++) {
            if (a[j] > b[j]) {
                return false;
            }
            better |= a[j] < b[j];
        }
        return better;
    }

    /** Whether a coordinate is NaN. */
    public static boolean hasNaN(double[] p) {
        for (double v : p) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The non-dominated fronts of the points {@code items} (indices into {@code points}), best first; each front lists
     * its indices in increasing order. Points with a NaN coordinate form the last front.
     */
    public static List<int[]> fronts(double[][] points, int[] items) {
        List<int[]> fronts = new ArrayList<>();
        int[] finite = Arrays.stream(items).filter(i -> !hasNaN(points[i])).toArray();
        int[] withNaN = Arrays.stream(items).filter(i -> hasNaN(points[i])).sorted().toArray();
        if (finite.length > 0) {
            int m = points[finite[0]].length;
            if (m == 1) {
                fronts.addAll(scalarFronts(points, finite));
            } else if (m == 2) {
                fronts.addAll(planarFronts(points, finite));
            } else {
                fronts.addAll(generalFronts(points, finite));
            }
        }
        if (withNaN.length > 0) {
            fronts.add(withNaN);
        }
        return fronts;
    }

    /** The first front of {@code items}. */
    public static int[] firstFront(double[][] points, int[] items) {
        List<int[]> fronts = fronts(points, items);
        return fronts.isEmpty() ? new int[0] : fronts.get(0);
    }

    /** One coordinate: groups of equal values, lowest first. */
    private static List<int[]> scalarFronts(double[][] points, int[] items) {
        Integer[] sorted = boxed(items);
        Arrays.sort(sorted, Comparator.comparingDouble(i -> points[i][0]));
        List<int[]> fronts = new ArrayList<>();
        int start = 0;
        for (int k = 1; k <= sorted.length; k++) {
            if (k == sorted.length || points[sorted[k]][0] != points[sorted[start]][0]) {
                fronts.add(increasing(Arrays.copyOfRange(sorted, start, k)));
                start = k;
            }
        }
        return fronts;
    }

    /**
     * Two coordinates: sorted by the first then the second, each front is peeled in one sweep, since a point is
     * dominated exactly when an earlier point has a lower second coordinate, or the same one with a lower first.
     */
    private static List<int[]> planarFronts(double[][] points, int[] items) {
        Integer[] sorted = boxed(items);
        Arrays.sort(sorted, Comparator.<Integer>comparingDouble(i -> points[i][0]).thenComparingDouble(i -> points[i][1]));
        List<Integer> remaining = new ArrayList<>(Arrays.asList(sorted));
        List<int[]> fronts = new ArrayList<>();
        while (!remaining.isEmpty()) {
            List<Integer> front = new ArrayList<>();
            List<Integer> rest = new ArrayList<>();
            double minSecond = Double.POSITIVE_INFINITY;
            double firstAtMin = Double.POSITIVE_INFINITY;
            for (int i : remaining) {
                double f1 = points[i][0];
                double f2 = points[i][1];
                boolean dominated = minSecond < f2 || (minSecond == f2 && firstAtMin < f1);
                (dominated ? rest : front).add(i);
                if (f2 < minSecond) {
                    minSecond = f2;
                    firstAtMin = f1;
                }
            }
            fronts.add(increasing(front.toArray(Integer[]::new)));
            remaining = rest;
        }
        return fronts;
    }

    /** Any number of coordinates: Deb's fast non-dominated sort, O(m·n²). */
    private static List<int[]> generalFronts(double[][] points, int[] items) {
        int n = items.length;
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            dominates.add(new ArrayList<>());
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (dominates(points[items[a]], points[items[b]])) {
                    dominates.get(a).add(b);
                    dominatedBy[b]++;
                } else if (dominates(points[items[b]], points[items[a]])) {
                    dominates.get(b).add(a);
                    dominatedBy[a]++;
                }
            }
        }
        List<int[]> fronts = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            if (dominatedBy[a] == 0) {
                current.add(a);
            }
        }
        while (!current.isEmpty()) {
            fronts.add(current.stream().mapToInt(a -> items[a]).sorted().toArray());
            List<Integer> next = new ArrayList<>();
            for (int a : current) {
                for (int b : dominates.get(a)) {
                    if (--dominatedBy[b] == 0) {
                        next.add(b);
                    }
                }
            }
            current = next;
        }
        return fronts;
    }

    private static Integer[] boxed(int[] items) {
        return Arrays.stream(items).boxed().toArray(Integer[]::new);
    }

    /** The indices of {@code subset}, increasing. */
    private static int[] increasing(Integer[] subset) {
        return Arrays.stream(subset).mapToInt(Integer::intValue).sorted().toArray();
    }
}
