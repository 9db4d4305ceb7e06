package dev.tunebatch.oracle.bayes;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounded subset of trials the model takes in a large study. */
class TrainingSubsetTest {

    private static final boolean[] NUMERIC_2D = {false, false};
    private static final double[] UNIT = {1.0, 1.0};

    /** {@code n} random points in the unit square and the squared distance of each to (0.3, 0.7) as its score. */
    private static double[][] points(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {r.nextDouble(), r.nextDouble()};
        }
        return x;
    }

    private static double[] scores(double[][] x) {
        return Arrays.stream(x).mapToDouble(p -> Math.pow(p[0] - 0.3, 2) + Math.pow(p[1] - 0.7, 2)).toArray();
    }

    @Test
    void upToTheLimitEveryTrialIsTaken() {
        TrainingSubset subset = new TrainingSubset(40, 5, 5, 10);
        double[][] x = points(40, 1);
        assertThat(subset.reduces(40)).isFalse();
        assertThat(subset.select(x, scores(x), UNIT, NUMERIC_2D)).containsExactly(IntStream.range(0, 40).toArray());
    }

    @Test
    void beyondTheLimitTheBestTheLatestAndTheIncumbentsNeighboursAreTaken() {
        TrainingSubset subset = new TrainingSubset(40, 5, 5, 10);
        double[][] x = points(500, 2);
        double[] y = scores(x);
        int[] chosen = subset.select(x, y, UNIT, NUMERIC_2D);

        assertThat(subset.reduces(500)).isTrue();
        assertThat(chosen).hasSize(40).doesNotHaveDuplicates().isSorted();
        int[] byScore = IntStream.range(0, 500).boxed().sorted((a, b) -> Double.compare(y[a], y[b]))
                .mapToInt(Integer::intValue).toArray();
        assertThat(chosen).as("the five best, the incumbent first").contains(Arrays.copyOf(byScore, 5));
        assertThat(chosen).as("the five latest").contains(495, 496, 497, 498, 499);
        double[] incumbent = x[byScore[0]];
        int[] byDistance = IntStream.range(0, 500).boxed()
                .sorted((a, b) -> Double.compare(distance(x[a], incumbent), distance(x[b], incumbent)))
                .mapToInt(Integer::intValue).toArray();
        assertThat(chosen).as("the incumbent's nearest neighbours").contains(Arrays.copyOf(byDistance, 10));
        assertThat(subset.select(x, y, UNIT, NUMERIC_2D)).as("the same data, the same choice").isEqualTo(chosen);
    }

    @Test
    void aStudyLargerThanTheSpaceFillingPoolStillGivesTheLimit() {
        TrainingSubset subset = new TrainingSubset(60, 5, 5, 10);
        double[][] x = points(3 * TrainingSubset.FILL_CANDIDATES, 5);
        double[] y = scores(x);
        int[] chosen = subset.select(x, y, UNIT, NUMERIC_2D);
        assertThat(chosen).hasSize(60).doesNotHaveDuplicates().isSorted()
                .contains(x.length - 1, x.length - 5);
        assertThat(Arrays.stream(chosen).filter(i -> x[i][0] > 0.8 && x[i][1] < 0.2).count())
                .as("the far corner is represented").isPositive();
    }

    @Test
    void theRestCoversTheSpaceAndKeepsAnIsolatedBadTrial() {
        TrainingSubset subset = new TrainingSubset(30, 5, 0, 5);
        // A dense cloud near the optimum, and one bad trial alone in the far corner, early in the study.
        double[][] x = points(400, 3);
        for (double[] p : x) {
            p[0] = 0.3 + 0.1 * (p[0] - 0.5);
            p[1] = 0.7 + 0.1 * (p[1] - 0.5);
        }
        x[7] = new double[] {0.98, 0.02};
        int[] chosen = subset.select(x, scores(x), UNIT, NUMERIC_2D);
        assertThat(chosen).hasSize(30).contains(7);
    }

    @Test
    void neighboursAreMeasuredWithTheKernelsLengthScales() {
        TrainingSubset subset = new TrainingSubset(3, 1, 0, 1);
        // The incumbent (index 0), one trial apart in x1 only, one apart in x2 only, and a far filler.
        double[][] x = {{0.5, 0.5}, {0.6, 0.5}, {0.5, 0.6}, {0.0, 0.0}, {0.51, 0.9}};
        double[] y = {0, 1, 1, 1, 1};
        double[] x2Irrelevant = {1.0, 1e-4};
        double[] x1Irrelevant = {1e-4, 1.0};
        assertThat(subset.select(x, y, x2Irrelevant, NUMERIC_2D)).startsWith(0).contains(2).doesNotContain(1);
        assertThat(subset.select(x, y, x1Irrelevant, NUMERIC_2D)).startsWith(0).contains(1).doesNotContain(2);
    }

    @Test
    void theFitSeesAnEvenSampleOfTheStudy() {
        TrainingSubset subset = new TrainingSubset(4, 1, 1, 1);
        assertThat(subset.spread(3)).containsExactly(0, 1, 2);
        assertThat(subset.spread(4)).containsExactly(0, 1, 2, 3);
        assertThat(subset.spread(10)).containsExactly(0, 2, 5, 7);
        assertThat(subset.spread(1000)).containsExactly(0, 250, 500, 750);
    }

    @Test
    void quotasMustFitTheLimit() {
        assertThatThrownBy(() -> new TrainingSubset(10, 5, 5, 1)).hasMessageContaining("limit 10");
        assertThatThrownBy(() -> new TrainingSubset(10, 0, 5, 1)).hasMessageContaining("best 0");
    }

    private static double distance(double[] a, double[] b) {
        return Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2);
    }
}
