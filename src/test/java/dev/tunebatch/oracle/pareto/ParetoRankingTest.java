package dev.tunebatch.oracle.pareto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The constrained Pareto order: feasibility, fronts, hypervolume contribution, stable ties. */
class ParetoRankingTest {

    private static final double[] FEASIBLE = {0, 0, 0, 0, 0, 0};

    @Test
    void frontsFirstThenLargestContributionFirst() {
        // front {0,1,2}: the middle point's box is the largest; 3 is dominated by 1
        double[][] y = {{0, 1}, {0.3, 0.3}, {1, 0}, {0.5, 0.5}};
        ParetoRanking r = ParetoRanking.of(y, new double[4]);
        assertThat(r.rank()).containsExactly(0, 0, 0, 1);
        assertThat(r.order()[0]).isEqualTo(1);
        assertThat(r.order()[3]).isEqualTo(3);
        assertThat(r.firstFront()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(r.contribution()[1]).isGreaterThan(r.contribution()[0]);
    }

    @Test
    void infeasiblePointsComeAfterEveryFeasibleOneByViolation() {
        double[][] y = {{5, 5}, {0, 0}, {1, 1}, {9, 9}, {0, 0}};
        double[] violation = {0, 0.5, 0.1, 0, Double.POSITIVE_INFINITY};
        ParetoRanking r = ParetoRanking.of(y, violation);
        assertThat(r.order()).containsExactly(0, 3, 2, 1, 4);
        assertThat(r.rank()).containsExactly(0, 3, 2, 1, 4);
        assertThat(r.firstFront()).containsExactly(0);
    }

    @Test
    void withoutAFeasiblePointTheLeastViolatingFormTheFirstFront() {
        double[][] y = {{1, 0}, {0, 1}, {0, 0}};
        ParetoRanking r = ParetoRanking.of(y, new double[] {0.2, 0.2, 0.3});
        assertThat(r.firstFront()).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void oneObjectiveIsASortThatKeepsTiesInTheGivenOrder() {
        double[][] y = {{3}, {1}, {2}, {1}, {Double.NaN}};
        ParetoRanking r = ParetoRanking.of(y, new double[5]);
        assertThat(r.order()).containsExactly(1, 3, 2, 0, 4);
    }

    @Test
    void equalPointsKeepTheGivenOrder() {
        double[][] y = {{1, 1}, {0, 2}, {1, 1}, {2, 0}, {0, 2}, {2, 0}};
        assertThat(ParetoRanking.of(y, FEASIBLE).order()).as("equal points add nothing on their own")
                .containsExactly(0, 1, 2, 3, 4, 5);
        double[][] z = {{1, 1}, {0, 2}, {2, 0}, {1, 1}};
        assertThat(ParetoRanking.of(z, new double[4]).order()).as("the two extremes contribute equally")
                .containsExactly(1, 2, 0, 3);
    }

    @Test
    void fourObjectivesBreakTiesByCrowdingWithTheExtremesFirst() {
        double[][] y = {{0.5, 0.5, 0.5, 0.5}, {0, 1, 1, 1}, {0.4, 0.6, 0.5, 0.5}, {1, 0, 0, 0}};
        ParetoRanking r = ParetoRanking.of(y, new double[4]);
        assertThat(r.rank()).containsOnly(0);
        assertThat(r.order()).startsWith(1, 3);
    }
}
