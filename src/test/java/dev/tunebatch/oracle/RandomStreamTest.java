package dev.tunebatch.oracle;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle's random stream: reproducible, resumable from (seed, counter), unrelated for nearby seeds. */
class RandomStreamTest {

    @Test
    void reproducibleAndResumable() {
        RandomStream a = new RandomStream(42, 0);
        double[] first = new double[10];
        for (int i = 0; i < 10; i++) {
            first[i] = a.nextDouble();
            assertThat(first[i]).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
        assertThat(a.counter()).isEqualTo(10);
        RandomStream b = new RandomStream(42, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(b.nextDouble()).isEqualTo(first[i]);
        }
        RandomStream resumed = new RandomStream(42, 6);
        for (int i = 6; i < 10; i++) {
            assertThat(resumed.nextDouble()).isEqualTo(first[i]);
        }
        assertThat(resumed.seed()).isEqualTo(42);
    }

    @Test
    void nearbySeedsShareNoDraws() {
        Set<Double> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            RandomStream s = new RandomStream(seed, 0);
            for (int i = 0; i < 200; i++) {
                assertThat(seen.add(s.nextDouble())).as("seed %d draw %d", seed, i).isTrue();
            }
        }
    }

    @Test
    void drawsLookUniform() {
        RandomStream s = new RandomStream(7, 0);
        int[] buckets = new int[10];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            buckets[(int) (s.nextDouble() * 10)]++;
        }
        for (int b : buckets) {
            assertThat(b).isBetween(n / 10 - 600, n / 10 + 600);
        }
    }
}
