package dev.tunebatch.oracle;

import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tunebatch.oracle.OracleFixtures.config;
import static dev.tunebatch.oracle.OracleFixtures.randomX;
import static dev.tunebatch.oracle.OracleFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

/** Pareto objectives and constraints in the oracle: scoring, best-trial order, the front, persistence. */
class ParetoOracleTest {

    private static final ObjectiveSpec REWARD = ObjectiveSpec.single("val_reward", MetricDirection.MAX);
    private static final ObjectiveSpec COST = ObjectiveSpec.single("program_cost", MetricDirection.MIN);
    private static final ObjectiveSpec PARETO = ObjectiveSpec.pareto(List.of(REWARD, COST));

    /** Creates a trial and completes it with these metrics; returns its id. */
    private static String report(Oracle oracle, Map<String, Double> metrics) {
        Trial t = oracle.createTrial("w");
        oracle.updateTrial(t.id(), metrics, 0);
        t.setStatus(TrialStatus.COMPLETED);
        return oracle.endTrial(t).id();
    }

    private static Map<String, Double> m(double reward, double cost) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_reward", reward);
        metrics.put("program_cost", cost);
        return metrics;
    }

    private static List<String> ids(List<Trial> trials) {
        return trials.stream().map(Trial::id).toList();
    }

    @Test
    void paretoTrialsHaveNoScoreAndAreRankedByFrontThenContribution() {
        RandomSearchOracle o = randomX(PARETO, 10, 1, 0);
        String cheap = report(o, m(0.5, 0.1));
        String dominated = report(o, m(0.6, 0.5));
        String balanced = report(o, m(0.8, 0.3));
        String best = report(o, m(0.9, 0.9));
        String worst = report(o, m(0.4, 0.95));
        assertThat(o.getTrial(balanced).score()).isNull();
        assertThat(o.getTrial(balanced).status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(ids(o.getParetoFront())).containsExactlyInAnyOrder(cheap, balanced, best);
        // minimised and scaled to [0, 1]: best (0, 0.941), balanced (0.2, 0.235), cheap (0.8, 0); reference 1.1:
        // exclusive boxes 0.2 x 0.159, 0.6 x 0.706, 0.3 x 0.235
        assertThat(ids(o.getBestTrials(10))).containsExactly(balanced, cheap, best, dominated, worst);
        assertThat(ids(o.getBestTrials(2))).containsExactly(balanced, cheap);
    }

    @Test
    void aNaNOrMissingParetoObjectiveMakesTheTrialInvalid() {
        RandomSearchOracle o = randomX(PARETO, 10, 1, 0);
        Trial t = o.createTrial("w");
        o.updateTrial(t.id(), m(Double.NaN, 0.2), 0);
        t.setStatus(TrialStatus.COMPLETED);
        Trial ended = o.endTrial(t);
        assertThat(ended.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(ended.message()).contains("[val_reward]").contains("NaN or missing");
        assertThat(o.getParetoFront()).isEmpty();
        String ok = report(o, m(0.1, 0.1));
        assertThat(ids(o.getBestTrials(5))).containsExactly(ok, ended.id());
    }

    @Test
    void infeasibleTrialsRankAfterEveryFeasibleOne() {
        ObjectiveSpec reward = REWARD.withConstraints(List.of(ConstraintSpec.atMost("program_cost", 0.5),
                ConstraintSpec.atLeast("accuracy", 0.6)));
        RandomSearchOracle o = randomX(reward, 10, 1, 0);
        String slightlyOver = report(o, Map.of("val_reward", 0.99, "program_cost", 0.55, "accuracy", 0.9));
        String feasibleLow = report(o, Map.of("val_reward", 0.2, "program_cost", 0.5, "accuracy", 0.6));
        String farOver = report(o, Map.of("val_reward", 0.95, "program_cost", 2.0, "accuracy", 0.9));
        String feasibleHigh = report(o, Map.of("val_reward", 0.7, "program_cost", 0.1, "accuracy", 0.7));
        String nanCost = report(o, Map.of("val_reward", 1.0, "program_cost", Double.NaN, "accuracy", 0.9));
        assertThat(o.getTrial(slightlyOver).score()).as("an infeasible trial keeps its score").isEqualTo(0.99);
        assertThat(ids(o.getBestTrials(10))).containsExactly(feasibleHigh, feasibleLow, slightlyOver, farOver,
                nanCost);
        assertThat(ids(o.getParetoFront())).containsExactly(feasibleHigh);
        assertThat(TrialRanking.violations(reward, o.getTrial(farOver))).containsExactly("program_cost <= 0.5 (2.0)");
    }

    @Test
    void withoutAFeasibleTrialTheLeastViolatingLeads() {
        ObjectiveSpec pareto = PARETO.withConstraints(List.of(ConstraintSpec.atMost("program_cost", 0.1)));
        RandomSearchOracle o = randomX(pareto, 10, 1, 0);
        String far = report(o, m(0.9, 0.5));
        String near = report(o, m(0.1, 0.2));
        assertThat(ids(o.getParetoFront())).containsExactly(near);
        assertThat(ids(o.getBestTrials(2))).containsExactly(near, far);
    }

    @Test
    void aSingleObjectiveFrontIsTheBestTrial() {
        RandomSearchOracle o = randomX(REWARD, 10, 1, 0);
        report(o, Map.of("val_reward", 0.3));
        String best = report(o, Map.of("val_reward", 0.8));
        report(o, Map.of("val_reward", 0.8));
        assertThat(ids(o.getParetoFront())).containsExactly(best);
    }

    @Test
    void theObjectivesAndConstraintsAreStoredAndARestoredOracleRanksAlike() {
        ObjectiveSpec pareto = PARETO.withConstraints(List.of(ConstraintSpec.atMost("program_cost", 0.6)));
        RandomSearchOracle o = randomX(pareto, 10, 3, 0);
        report(o, m(0.5, 0.1));
        report(o, m(0.9, 0.7));
        report(o, m(0.8, 0.3));
        report(o, m(0.2, 0.2));
        OracleFixtures.Stored stored = store(o);
        @SuppressWarnings("unchecked")
        ObjectiveSpec storedSpec = ObjectiveSpec.fromConfig((Map<String, Object>) stored.state().get("objective"));
        assertThat(storedSpec).isEqualTo(pareto);
        assertThat(storedSpec.isPareto()).isTrue();
        RandomSearchOracle resumed = new RandomSearchOracle(config(pareto, 10, 3, 0));
        resumed.restore(stored.state(), stored.trials(), true);
        assertThat(ids(resumed.getBestTrials(10))).isEqualTo(ids(o.getBestTrials(10)));
        assertThat(ids(resumed.getParetoFront())).isEqualTo(ids(o.getParetoFront()));
    }

    @Test
    void paretoSpecValidatesAndPrints() {
        assertThat(ObjectiveSpec.pareto(List.of(REWARD))).as("one objective is that objective").isEqualTo(REWARD);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ObjectiveSpec.pareto(List.of(REWARD, REWARD)))
                .hasMessageContaining("'val_reward' appears twice");
        assertThat(PARETO.isMulti()).isFalse();
        assertThat(PARETO.isScalar()).isFalse();
        assertThat(PARETO.withConstraints(List.of(ConstraintSpec.atLeast("accuracy", 0.5))).toString())
                .isEqualTo("Pareto(objectives=[Objective(name=\"val_reward\", direction=\"max\"), "
                        + "Objective(name=\"program_cost\", direction=\"min\")]) subject to [accuracy >= 0.5]");
        assertThat(REWARD.toConfig()).as("no constraints key without constraints")
                .containsOnlyKeys("name", "direction");
    }
}
