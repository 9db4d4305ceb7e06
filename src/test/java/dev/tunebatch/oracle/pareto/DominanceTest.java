package dev.tunebatch.oracle.pareto;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Pareto dominance and non-dominated fronts of minimised points. */
class DominanceTest {

    private static int[] all(double[][] points) {
        return IntStream.range(0, points.length).toArray();
    }

    @Test
    void dominanceNeedsNoWorseEverywhereAndBetterSomewhere() {
        assertThat(Dominance.dominates(new double[] {1, 2}, new double[] {2, 2})).isTrue();
        assertThat(Dominance.dominates(new double[] {1, 2}, new double[] {1, 2})).as("equal points").isFalse();
        assertThat(Dominance.dominates(new double[] {1, 3}, new double[] {2, 2})).as("a trade-off").isFalse();
        assertThat(Dominance.dominates(new double[] {2, 2}, new double[] {1, 2})).isFalse();
    }

    @Test
    void aNaNCoordinateIsDominatedByEveryFinitePointAndDominatesNone() {
        double[] nan = {Double.NaN, 0};
        assertThat(Dominance.dominates(new double[] {9, 9}, nan)).isTrue();
        assertThat(Dominance.dominates(nan, new double[] {9, 9})).isFalse();
        assertThat(Dominance.dominates(nan, new double[] {0, Double.NaN})).isFalse();
        double[][] points = {{Double.NaN, 0}, {1, 1}, {0, 2}, {2, 2}};
        assertThat(Dominance.fronts(points, all(points))).containsExactly(new int[] {1, 2}, new int[] {3},
                new int[] {0});
    }

    @Test
    void equalPointsShareAFront() {
        double[][] points = {{1, 1}, {1, 1}, {0, 3}, {1, 2}, {2, 1}};
        assertThat(Dominance.fronts(points, all(points))).containsExactly(new int[] {0, 1, 2}, new int[] {3, 4});
    }

    @Test
    void pointsWithAnEqualCoordinateAreOrderedByTheOther() {
        double[][] points = {{1, 2}, {1, 1}, {0, 5}, {3, 1}};
        assertThat(Dominance.fronts(points, all(points))).containsExactly(new int[] {1, 2}, new int[] {0, 3});
    }

    @Test
    void oneCoordinateGroupsEqualValues() {
        double[][] points = {{3}, {1}, {2}, {1}};
        assertThat(Dominance.fronts(points, all(points))).containsExactly(new int[] {1, 3}, new int[] {2},
                new int[] {0});
    }

    @Test
    void threeCoordinates() {
        double[][] points = {{1, 2, 3}, {2, 1, 3}, {2, 2, 3}, {1, 1, 4}, {3, 3, 3}};
        assertThat(Dominance.fronts(points, all(points))).containsExactly(new int[] {0, 1, 3}, new int[] {2},
                new int[] {4});
    }

    @Test
    void onlyTheGivenItemsAreSorted() {
        double[][] points = {{0, 0}, {1, 2}, {2, 1}, {3, 3}};
        assertThat(Dominance.fronts(points, new int[] {3, 1, 2})).containsExactly(new int[] {1, 2}, new int[] {3});
        assertThat(Dominance.firstFront(points, new int[0])).isEmpty();
    }

    @Test
    void theTwoCoordinateSweepAgreesWithPairwiseDominanceOnRandomPointsWithTies() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(30);
            double[][] points = new double[n][];
            for (int i = 0; i < n; i++) {
                points[i] = new double[] {random.nextInt(6), random.nextInt(6)};
            }
            List<List<Integer>> fronts = Dominance.fronts(points, all(points)).stream()
                    .map(f -> IntStream.of(f).boxed().toList()).toList();
            assertThat(fronts).isEqualTo(pairwiseFronts(points).stream()
                    .map(f -> IntStream.of(f).boxed().toList()).toList());
        }
    }

    /** The fronts by definition: peel the points no remaining point dominates. */
    private static List<int[]> pairwiseFronts(double[][] points) {
        List<Integer> remaining = new ArrayList<>(IntStream.range(0, points.length).boxed().toList());
        List<int[]> fronts = new ArrayList<>();
        while (!remaining.isEmpty()) {
            List<Integer> current = remaining;
            int[] front = current.stream().filter(i -> current.stream()
                    .noneMatch(j -> Dominance.dominates(points[j], points[i]))).mapToInt(Integer::intValue).toArray();
            fronts.add(front);
            List<Integer> rest = new ArrayList<>(current);
            for (int i : front) {
                rest.remove(Integer.valueOf(i));
            }
            remaining = rest;
        }
        return fronts;
    }
}
