package dev.tunebatch.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.tunebatch.report.ReportFixtures.completed;
import static dev.tunebatch.report.ReportFixtures.failed;
import static dev.tunebatch.report.ReportFixtures.report;
import static dev.tunebatch.report.ReportFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The variance-explained estimator behind the importance chart. */
class HyperparameterImportanceTest {

    @Test
    void theHyperparameterTheScoreDependsOnGetsAlmostAllTheImportance() {
        Random random = new Random(3);
        List<ReportTrial> trials = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double x = random.nextDouble();
            String model = random.nextBoolean() ? "small" : "large";
            trials.add(completed(i, 3 * x + 0.01 * random.nextGaussian(), Map.of("x", x, "model", model)));
        }

        List<HyperparameterImportance.Estimate> estimates = HyperparameterImportance.estimate(
                report(true, trials, List.of()));

        assertThat(estimates).extracting(HyperparameterImportance.Estimate::name).containsExactly("x", "model");
        assertThat(estimates.get(0).share()).isGreaterThan(0.9);
        assertThat(estimates.get(0).epsilonSquared()).as("6 quantile bins of a linear effect").isGreaterThan(0.8);
        assertThat(estimates.get(0).groups()).isEqualTo(6);
        assertThat(estimates.get(1).share()).isLessThan(0.1);
        assertThat(estimates.stream().mapToDouble(HyperparameterImportance.Estimate::share).sum())
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aCategoricalHyperparameterThatDecidesTheScoreExplainsItsVarianceExactly() {
        List<ReportTrial> trials = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String model = i % 3 == 0 ? "large" : "small";
            trials.add(completed(i, "large".equals(model) ? 1.0 : 0.0, Map.of("x", 0.5, "model", model)));
        }

        List<HyperparameterImportance.Estimate> estimates = HyperparameterImportance.estimate(
                report(true, trials, List.of()));

        assertThat(estimates).hasSize(1);
        assertThat(estimates.get(0).name()).as("x is constant, so it is not estimated").isEqualTo("model");
        assertThat(estimates.get(0).epsilonSquared()).isCloseTo(1.0, within(1e-9));
        assertThat(estimates.get(0).share()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void nothingIsEstimatedFromTooFewTrialsOrAConstantScore() {
        List<ReportTrial> two = new ArrayList<>(scored(0.1, 0.9));
        two.add(failed(2, Map.of("x", 0.3, "model", "small"), "down"));

        assertThat(HyperparameterImportance.estimate(report(true, two, List.of()))).isEmpty();
        assertThat(HyperparameterImportance.estimate(report(true, scored(0.5, 0.5, 0.5, 0.5), List.of()))).isEmpty();
    }

    @Test
    void anInactiveConditionalHyperparameterFormsItsOwnGroup() {
        List<ReportTrial> trials = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Map<String, Object> values = i < 3 ? Map.of("x", 0.1 * i, "model", "small")
                    : Map.of("x", 0.1 * i, "model", "large", "reasoning", i % 2 == 0);
            trials.add(completed(i, i < 3 ? 0.0 : 1.0, values));
        }

        HyperparameterImportance.Estimate reasoning = HyperparameterImportance.estimate(
                report(true, trials, List.of())).stream().filter(e -> e.name().equals("reasoning")).findFirst()
                .orElseThrow();

        assertThat(reasoning.groups()).as("absent, true, false").isEqualTo(3);
        assertThat(reasoning.epsilonSquared()).isGreaterThan(0.9);
    }
}
