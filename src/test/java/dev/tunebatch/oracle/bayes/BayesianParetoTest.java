package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ConstraintSpec;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.pareto.Hypervolume;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bayesian oracle on a Pareto front and under constraints: it improves the hypervolume over random search, it
 * stops proposing where a constraint is violated, and a resumed search proposes what an uninterrupted one would.
 */
class BayesianParetoTest {

    private static final ObjectiveSpec ZDT = ObjectiveSpec.pareto(List.of(
            ObjectiveSpec.single("f1", MetricDirection.MIN), ObjectiveSpec.single("f2", MetricDirection.MIN)));
    private static final int DIMENSIONS = 4;

    private static double num(Map<String, Object> v, String key) {
        return ((Number) v.get(key)).doubleValue();
    }

    /** ZDT1: f1 = x1, g = 1 + 9·mean(x2..x4), f2 = g·(1 − √(f1/g)). */
    private static Map<String, Double> zdt1(Map<String, Object> v) {
        double f1 = num(v, "x1");
        double sum = 0;
        for (int i = 2; i <= DIMENSIONS; i++) {
            sum += num(v, "x" + i);
        }
        double g = 1 + 9 * sum / (DIMENSIONS - 1);
        return Map.of("f1", f1, "f2", g * (1 - Math.sqrt(f1 / g)), "x2", num(v, "x2"));
    }

    private static HyperParameters unitCube(int dimensions) {
        HyperParameters hp = new HyperParameters();
        for (int i = 1; i <= dimensions; i++) {
            hp.floatParam("x" + i, 0, 1);
        }
        return hp;
    }

    private static <O extends Oracle> O declared(O oracle, int dimensions) {
        oracle.updateSpace(unitCube(dimensions));
        return oracle;
    }

    private static BayesianOptimizationOracle bayesian(ObjectiveSpec objective, int trials, long seed) {
        return declared(new BayesianOptimizationOracle(OracleConfig.defaults(objective, trials, seed)), DIMENSIONS);
    }

    /** Runs sequential trials reporting {@code f}'s metrics; returns the reported metrics in order. */
    private static List<Map<String, Double>> run(Oracle oracle, int trials,
                                                 Function<Map<String, Object>, Map<String, Double>> f) {
        List<Map<String, Double>> reported = new ArrayList<>();
        while (reported.size() < trials) {
            Trial t = oracle.createTrial("w0");
            if (t.status() != TrialStatus.RUNNING) {
                break;
            }
            Map<String, Double> metrics = f.apply(t.hyperparameters().values());
            oracle.updateTrial(t.id(), metrics, 0);
            t.setStatus(TrialStatus.COMPLETED);
            oracle.endTrial(t);
            reported.add(metrics);
        }
        return reported;
    }

    private static double hypervolume(List<Map<String, Double>> reported) {
        double[][] points = reported.stream().map(m -> new double[] {m.get("f1"), m.get("f2")})
                .toArray(double[][]::new);
        return Hypervolume.of(points, new double[] {1.1, 1.1});
    }

    @Test
    void improvesTheHypervolumeOverRandomSearchOnZdt1() {
        for (long seed : new long[] {1, 2, 3}) {
            double bayes = hypervolume(run(bayesian(ZDT, 40, seed), 40, BayesianParetoTest::zdt1));
            double random = hypervolume(run(declared(new RandomSearchOracle(OracleConfig.defaults(ZDT, 40, seed)),
                    DIMENSIONS), 40, BayesianParetoTest::zdt1));
            // the true front's hypervolume is 0.877 for this reference point
            assertThat(bayes).as("seed " + seed).isGreaterThan(0.6).isGreaterThan(random + 0.2);
        }
    }

    @Test
    void threeObjectivesUseParEgoAndImproveOverRandomSearch() {
        ObjectiveSpec three = ObjectiveSpec.pareto(List.of(ObjectiveSpec.single("f1", MetricDirection.MIN),
                ObjectiveSpec.single("f2", MetricDirection.MIN), ObjectiveSpec.single("f3", MetricDirection.MIN)));
        // the front is the triangle f1 + f2 + f3 = 2 where x3 = x4 = 0.5; g pushes every other trial away from it
        Function<Map<String, Object>, Map<String, Double>> f = v -> {
            double g = 5 * (Math.pow(num(v, "x3") - 0.5, 2) + Math.pow(num(v, "x4") - 0.5, 2));
            double x1 = num(v, "x1");
            double x2 = num(v, "x2");
            return Map.of("f1", x1 + g, "f2", x2 + g, "f3", 2 - x1 - x2 + g);
        };
        double[] reference = {2.2, 2.2, 2.2};
        double bayes = 0;
        double random = 0;
        for (long seed : new long[] {1, 2, 3}) {
            bayes += hypervolume3(run(bayesian(three, 30, seed), 30, f), reference);
            random += hypervolume3(run(declared(new RandomSearchOracle(OracleConfig.defaults(three, 30, seed)),
                    DIMENSIONS), 30, f), reference);
        }
        assertThat(bayes / 3).isGreaterThan(random / 3 * 1.3);
    }

    private static double hypervolume3(List<Map<String, Double>> reported, double[] reference) {
        return Hypervolume.of(reported.stream().map(m -> new double[] {m.get("f1"), m.get("f2"), m.get("f3")})
                .toArray(double[][]::new), reference);
    }

    @Test
    void theFrontIsCoveredNotJustOneEnd() {
        BayesianOptimizationOracle o = bayesian(ZDT, 40, 4);
        run(o, 40, BayesianParetoTest::zdt1);
        List<Double> f1 = o.getParetoFront().stream().map(t -> t.metrics().bestValue("f1")).toList();
        assertThat(f1).hasSizeGreaterThanOrEqualTo(8);
        assertThat(f1).anyMatch(v -> v < 0.2).anyMatch(v -> v > 0.8).anyMatch(v -> v > 0.35 && v < 0.65);
    }

    @Test
    void constrainedProposalsStayInTheFeasibleRegion() {
        // minimise the distance to (0.8, 0.8) subject to x1 + x2 <= 1: the optimum is (0.5, 0.5), value 0.18
        ObjectiveSpec distance = ObjectiveSpec.single("distance", MetricDirection.MIN);
        ObjectiveSpec constrained = distance.withConstraints(List.of(ConstraintSpec.atMost("load", 1.0)));
        Function<Map<String, Object>, Map<String, Double>> f = v -> {
            double x = num(v, "x1");
            double y = num(v, "x2");
            return Map.of("distance", (x - 0.8) * (x - 0.8) + (y - 0.8) * (y - 0.8), "load", x + y);
        };
        BayesianOptimizationOracle o = declared(new BayesianOptimizationOracle(
                OracleConfig.defaults(constrained, 30, 6)), 2);
        List<Map<String, Double>> reported = run(o, 30, f);
        List<Map<String, Double>> modelBased = reported.subList(o.initialPoints(), reported.size());
        // the optimum lies on the bound, so proposals straddle it by a hair
        assertThat(modelBased.stream().filter(m -> m.get("load") <= 1.02).count())
                .as("model-based proposals within 2 % of the bound").isGreaterThanOrEqualTo(modelBased.size() * 8L / 10);
        Trial best = o.getBestTrials(1).get(0);
        assertThat(best.metrics().lastValue("load")).isLessThanOrEqualTo(1.0);
        assertThat(best.score()).isLessThan(0.185);

        BayesianOptimizationOracle unconstrained = declared(new BayesianOptimizationOracle(
                OracleConfig.defaults(distance, 30, 6)), 2);
        List<Map<String, Double>> free = run(unconstrained, 30, f);
        assertThat(free.subList(o.initialPoints(), free.size()).stream().filter(m -> m.get("load") <= 1.02).count())
                .as("without the constraint the same search goes for (0.8, 0.8)").isLessThan(modelBased.size() / 4L);
    }

    @Test
    void aResumedConstrainedParetoSearchProposesWhatAnUninterruptedOneWould() {
        ObjectiveSpec objective = ZDT.withConstraints(List.of(ConstraintSpec.atMost("x2", 0.5)));
        List<Map<String, Double>> uninterrupted = run(bayesian(objective, 24, 8), 24, BayesianParetoTest::zdt1);

        BayesianOptimizationOracle first = bayesian(objective, 24, 8);
        List<Map<String, Double>> resumed = new ArrayList<>(run(first, 17, BayesianParetoTest::zdt1));
        OracleDriver.Snapshot snapshot = OracleDriver.snapshot(first);
        assertThat(snapshot.state()).contains("goal_kernels").contains("constraint:x2 <= 0.5");
        BayesianOptimizationOracle second = declared(new BayesianOptimizationOracle(OracleConfig.defaults(objective,
                24, 999)), DIMENSIONS);
        snapshot.restoreInto(second);
        resumed.addAll(run(second, 24, BayesianParetoTest::zdt1));
        assertThat(resumed).hasSize(24).isEqualTo(uninterrupted);
    }
}
