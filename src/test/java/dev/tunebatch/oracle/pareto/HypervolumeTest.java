package dev.tunebatch.oracle.pareto;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Exact hypervolume and exclusive contributions of minimised points. */
class HypervolumeTest {

    @Test
    void twoDimensionsIsTheAreaOfTheStaircase() {
        double[][] front = {{1, 3}, {2, 2}, {3, 1}};
        assertThat(Hypervolume.of(front, new double[] {4, 4})).isEqualTo(6.0);
        assertThat(Hypervolume.of(new double[][] {{1, 3}, {2, 2}, {3, 1}, {3, 3}}, new double[] {4, 4}))
                .as("a dominated point adds nothing").isEqualTo(6.0);
        assertThat(Hypervolume.of(new double[][] {{5, 0}, {0, 4}}, new double[] {4, 4}))
                .as("points not below the reference count for nothing").isZero();
        assertThat(Hypervolume.of(new double[0][], new double[] {1, 1})).isZero();
    }

    @Test
    void threeDimensions() {
        assertThat(Hypervolume.of(new double[][] {{0, 0, 0}}, new double[] {1, 2, 3})).isEqualTo(6.0);
        double[][] two = {{0, 0, 1}, {1, 1, 0}};
        // box of the first: 2·2·1 = 4, of the second: 1·1·2 = 2, shared: 1·1·1 = 1
        assertThat(Hypervolume.of(two, new double[] {2, 2, 2})).isEqualTo(5.0);
    }

    @Test
    void contributionsAreWhatEachPointAloneAdds() {
        double[][] front = {{1, 3}, {2, 2}, {3, 1}, {2, 2.5}};
        double[] c = Hypervolume.contributions(front, new double[] {4, 4});
        assertThat(c).containsExactly(1.0 * 1.0, 1.0 * 1.0, 1.0 * 1.0, 0.0);
        double[] equal = Hypervolume.contributions(new double[][] {{1, 1}, {1, 1}}, new double[] {2, 2});
        assertThat(equal).as("two equal points: neither adds anything on its own").containsExactly(0.0, 0.0);
    }

    @Test
    void planarContributionsAgreeWithRemovingEachPointOfAFront() {
        Random random = new Random(11);
        for (int round = 0; round < 100; round++) {
            int size = 1 + random.nextInt(12);
            double[][] sample = new double[size][];
            for (int i = 0; i < size; i++) {
                sample[i] = new double[] {random.nextInt(5) / 4.0, random.nextInt(5) / 4.0};
            }
            int[] front = Dominance.firstFront(sample, java.util.stream.IntStream.range(0, size).toArray());
            int n = front.length;
            double[][] points = new double[n][];
            for (int i = 0; i < n; i++) {
                points[i] = sample[front[i]];
            }
            double[] reference = {1.1, 1.1};
            double[] c = Hypervolume.contributions(points, reference);
            double total = Hypervolume.of(points, reference);
            for (int i = 0; i < n; i++) {
                double[][] without = new double[n - 1][];
                for (int k = 0, j = 0; k < n; k++) {
                    if (k != i) {
                        without[j++] = points[k];
                    }
                }
                assertThat(c[i]).isCloseTo(total - Hypervolume.of(without, reference), within(1e-12));
            }
        }
    }
}
