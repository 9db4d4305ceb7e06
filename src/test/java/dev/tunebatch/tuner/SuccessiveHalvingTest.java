package dev.tunebatch.tuner;

import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.Oracle.TrialCurve;
import dev.tunebatch.oracle.TrialStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The decisions of asynchronous successive halving at its rungs, taken on given learning curves. */
class SuccessiveHalvingTest {

    private static final MetricDirection MAX = MetricDirection.MAX;

    /** A curve with {@code values} at epochs 0, 1, … */
    private static Map<Integer, Double> curve(double... values) {
        Map<Integer, Double> c = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            c.put(i, values[i]);
        }
        return c;
    }

    private static TrialCurve trial(String id, TrialStatus status, double... values) {
        return new TrialCurve(id, status, curve(values));
    }

    /** {@code n} completed trials that reached epoch 0 with {@code value}. */
    private static List<TrialCurve> completed(int n, double value) {
        List<TrialCurve> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(trial("c" + i, TrialStatus.COMPLETED, value));
        }
        return out;
    }

    @Test
    void aTrialAloneAtARungGoesOnWhateverItsValue() {
        Pruner.SuccessiveHalving sh = Pruner.successiveHalving(1, 3).minTrialsPerRung(1);
        assertThat(sh.decide(0, curve(0.01), List.of(), MAX, "val_score")).isNull();
        // others exist but none reached epoch 2 (the second rung): alone there
        List<TrialCurve> others = List.of(trial("a", TrialStatus.STOPPED, 0.9), trial("b", TrialStatus.RUNNING, 0.8));
        assertThat(sh.decide(2, curve(0.01, 0.02, 0.03), others, MAX, "val_score")).isNull();
    }

    @Test
    void aRungStopsNoTrialUntilEnoughTrialsReachedIt() {
        Pruner.SuccessiveHalving sh = Pruner.successiveHalving(1, 3);
        assertThat(sh.decide(0, curve(0.1), completed(1, 0.9), MAX, "val_score"))
                .as("2 trials at the rung, fewer than the factor 3").isNull();
        assertThat(sh.decide(0, curve(0.1), completed(2, 0.9), MAX, "val_score"))
                .as("3 trials at the rung").contains("rung 0").contains("0.9");

        Pruner.SuccessiveHalving patient = sh.minTrialsPerRung(5);
        assertThat(patient.decide(0, curve(0.1), completed(3, 0.9), MAX, "val_score")).isNull();
        assertThat(patient.decide(0, curve(0.1), completed(4, 0.9), MAX, "val_score")).isNotNull();

        Pruner.SuccessiveHalving eager = sh.minTrialsPerRung(1);
        assertThat(eager.decide(0, curve(0.1), completed(1, 0.9), MAX, "val_score"))
                .as("the second trial at a rung can be stopped").isNotNull();
    }

    @Test
    void minEpochsIsAGracePeriodAndOnlyRungsDecide() {
        Pruner.SuccessiveHalving sh = Pruner.successiveHalving(3, 2);
        List<TrialCurve> others = List.of(trial("a", TrialStatus.COMPLETED, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9),
                trial("b", TrialStatus.COMPLETED, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8));
        double[] poor = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (int epoch = 0; epoch < 6; epoch++) {
            String decision = sh.decide(epoch, curve(poor), others, MAX, "val_score");
            if (epoch == 2 || epoch == 5) {
                assertThat(decision).as("rungs after 3 and 6 epochs; epoch %d", epoch)
                        .contains("after epoch " + (epoch + 1));
            } else {
                assertThat(decision).as("epoch %d is not a rung", epoch).isNull();
            }
        }
        assertThat(sh.rungOf(2)).isZero();
        assertThat(sh.rungOf(5)).isEqualTo(1);
        assertThat(sh.rungOf(11)).isEqualTo(2);
        assertThat(sh.rungOf(0)).isEqualTo(-1);
    }

    @Test
    void theComparisonSetIsEveryOtherTrialThatReachedTheRungInAnyState() {
        Pruner.SuccessiveHalving sh = Pruner.successiveHalving(1, 2).minTrialsPerRung(1);
        // at rung 1 (after 2 epochs): the completed and the running trial reached it; the one pruned after epoch 1
        // did not, so its better first epoch does not count there
        List<TrialCurve> others = List.of(
                trial("done", TrialStatus.COMPLETED, 0.3, 0.5, 0.6),
                trial("running", TrialStatus.RUNNING, 0.2, 0.4),
                trial("pruned", TrialStatus.STOPPED, 0.95));
        String stopped = sh.decide(1, curve(0.1, 0.35), others, MAX, "val_score");
        assertThat(stopped).contains("0.450000").contains("of the 2 other trials");
        assertThat(sh.decide(1, curve(0.1, 0.46), others, MAX, "val_score")).as("above the cutoff").isNull();
        // at rung 0 the pruned trial counts too: 3 others, the cutoff is their middle value 0.3
        assertThat(sh.decide(0, curve(0.25), others, MAX, "val_score")).contains("0.300000")
                .contains("of the 3 other trials");
    }

    @Test
    void theValueAtARungIsTheBestSoFar() {
        Pruner.SuccessiveHalving sh = Pruner.successiveHalving(2, 2).minTrialsPerRung(1);
        List<TrialCurve> others = List.of(trial("a", TrialStatus.COMPLETED, 0.5, 0.6, 0.6, 0.6));
        assertThat(sh.decide(1, curve(0.7, 0.4), others, MAX, "val_score"))
                .as("its 0.7 at epoch 1 beats 0.6, though its value after epoch 2 does not").isNull();
        List<TrialCurve> losses = List.of(trial("a", TrialStatus.COMPLETED, 0.5, 0.4));
        assertThat(sh.decide(1, curve(0.3, 0.6), losses, MetricDirection.MIN, "val_loss")).isNull();
        assertThat(sh.decide(1, curve(0.45, 0.6), losses, MetricDirection.MIN, "val_loss"))
                .contains("its best val_loss so far, 0.450000").contains("0.400000");
    }

    @Test
    void theCutoffKeepsTheBestOneInFactorInterpolatingBetweenNeighbours() {
        Pruner.SuccessiveHalving sh = Pruner.successiveHalving(1, 3);
        List<Double> values = List.of(0.4, 0.1, 0.7, 0.2);
        // worst first: 0.1 0.2 0.4 0.7; position 2/3 × 3 = 2 → 0.4
        assertThat(sh.cutoff(values, MAX)).isCloseTo(0.4, within(1e-12));
        // minimised: worst first 0.7 0.4 0.2 0.1 → 0.2
        assertThat(sh.cutoff(values, MetricDirection.MIN)).isCloseTo(0.2, within(1e-12));
        // two values: 2/3 of the way from the worse to the better
        assertThat(sh.cutoff(List.of(0.0, 0.9), MAX)).isCloseTo(0.6, within(1e-12));
        assertThat(sh.cutoff(List.of(0.5), MAX)).isEqualTo(0.5);

        // the rank rule of 5 trials: the second best goes on, the third stops
        List<TrialCurve> others = List.of(trial("a", TrialStatus.COMPLETED, 0.9),
                trial("b", TrialStatus.COMPLETED, 0.5), trial("c", TrialStatus.STOPPED, 0.3),
                trial("d", TrialStatus.RUNNING, 0.1));
        assertThat(sh.decide(0, curve(0.6), others, MAX, "val_score")).isNull();
        assertThat(sh.decide(0, curve(0.4), others, MAX, "val_score")).isNotNull();
    }

    @Test
    void settingsAreCheckedAndDescribed() {
        assertThatThrownBy(() -> Pruner.successiveHalving(1, 3).minTrialsPerRung(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Pruner.successiveHalving(1, 3).minTrialsPerRung: n=0 must be at least 1, e.g. "
                        + "minTrialsPerRung(3).");
        assertThat(Pruner.successiveHalving(1, 3).describe()).isEqualTo("Pruner.successiveHalving(1, 3)");
        assertThat(Pruner.successiveHalving(1, 3).minTrialsPerRung(5).describe())
                .isEqualTo("Pruner.successiveHalving(1, 3).minTrialsPerRung(5)");
    }
}
