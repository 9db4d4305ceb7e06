package dev.tunebatch.oracle.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The hypervolume of a set of minimised points: the measure of the region they dominate up to a reference point
 * (each point counts only where it is better than the reference in every coordinate). Exact: a sweep for two
 * coordinates, slicing along the last coordinate for more (fine for the three or four objectives of a search).
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    /** The hypervolume of {@code points} up to {@code reference}. */
    public static double of(double[][] points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (!Dominance.hasNaN(p) && strictlyBelow(p, reference)) {
                inside.add(p);
            }
        }
        return volume(inside, reference, reference.length);
    }

    /**
     * Each point's exclusive contribution to a front (mutually non-dominated points, equal ones allowed): the
     * hypervolume lost when it alone is removed, 0 for one of two equal points.
     */
    public static double[] contributions(double[][] points, double[] reference) {
        double[] c = new double[points.length];
        if (points.length == 0) {
            return c;
        }
        if (reference.length == 2) {
            return planarContributions(points, reference);
        }
        double total = of(points, reference);
        for (int i = 0; i < points.length; i++) {
            double[][] without = new double[points.length - 1][];
            for (int k = 0, j = 0; k < points.length; k++) {
                if (k != i) {
                    without[j++] = points[k];
                }
            }
            c[i] = Math.max(0.0, total - of(without, reference));
        }
        return c;
    }

    /** Two coordinates: a front point's box runs to its neighbours (sorted by the first coordinate). */
    private static double[] planarContributions(double[][] points, double[] reference) {
        double[] c = new double[points.length];
        Integer[] order = new Integer[points.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> points[i][0]).thenComparingDouble(i -> points[i][1]));
        // the non-dominated, distinct points in order of the first coordinate (so the second decreases)
        List<Integer> front = new ArrayList<>();
        double minSecond = Double.POSITIVE_INFINITY;
        for (int i : order) {
            double[] p = points[i];
            if (Dominance.hasNaN(p) || !strictlyBelow(p, reference)) {
                continue;
            }
            if (p[1] < minSecond) {
                front.add(i);
                minSecond = p[1];
            }
        }
        for (int k = 0; k < front.size(); k++) {
            double[] p = points[front.get(k)];
            double right = k + 1 < front.size() ? points[front.get(k + 1)][0] : reference[0];
            double up = k > 0 ? points[front.get(k - 1)][1] : reference[1];
            c[front.get(k)] = (right - p[0]) * (up - p[1]);
        }
        // a point equal to a front point shares its box: neither contributes exclusively
        for (int k = 0; k < front.size(); k++) {
            double[] p = points[front.get(k)];
            for (int i = 0; i < points.length; i++) {
                if (i != front.get(k) && Arrays.equals(points[i], p)) {
                    c[front.get(k)] = 0.0;
                }
            }
        }
        return c;
    }

    private static boolean strictlyBelow(double[] p, double[] reference) {
        for (int j = 0; j < p.length; j++) {
            if (!(p[j] < reference[j])) {
                return false;
            }
        }
        return true;
    }

    /** The volume dominated by {@code points} (all below the reference) in their first {@code m} coordinates. */
    private static double volume(List<double[]> points, double[] reference, int m) {
        if (points.isEmpty()) {
            return 0.0;
        }
        if (m == 1) {
            double min = Double.POSITIVE_INFINITY;
            for (double[] p : points) {
                min = Math.min(min, p[0]);
            }
            return reference[0] - min;
        }
        if (m == 2) {
            List<double[]> sorted = new ArrayList<>(points);
            sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double area = 0.0;
            double ceiling = reference[1];
            for (double[] p : sorted) {
                if (p[1] < ceiling) {
                    area += (reference[0] - p[0]) * (ceiling - p[1]);
                    ceiling = p[1];
                }
            }
            return area;
        }
        int last = m - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double total = 0.0;
        List<double[]> slab = new ArrayList<>();
        for (int k = 0; k < sorted.size(); k++) {
            slab.add(sorted.get(k));
            double top = k + 1 < sorted.size() ? sorted.get(k + 1)[last] : reference[last];
            double depth = top - sorted.get(k)[last];
            if (depth > 0) {
                total += depth * volume(slab, reference, last);
            }
        }
        return total;
    }
}
