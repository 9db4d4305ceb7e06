package dev.tunebatch.hp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** keras-tuner's Float formulas and its declaration checks. */
class FloatParamTest {

    private static final double TOL = 1e-12;

    private static FloatParam floatParam(double min, double max, Double step, Sampling sampling) {
        return new FloatParam("f", min, max, step, sampling, min, List.of());
    }

    private static List<Double> grid(HyperParameter hp) {
        return hp.gridValues().stream().map(v -> (Double) v).toList();
    }

    @Test
    void linearWithoutStepMapsValueToProbabilityAndBack() {
        FloatParam f = floatParam(1, 11, null, Sampling.LINEAR);
        assertThat(f.valueToProb(4.5)).isCloseTo(0.35, within(TOL));
        assertThat(f.probToValue(0.35)).isEqualTo(4.5);
        assertThat(f.probToValue(0.0)).isEqualTo(1.0);
        assertThat(f.valueToProb(1.0)).isEqualTo(0.0);
        assertThat(f.valueToProb(11.0)).isEqualTo(1.0);
    }

    @Test
    void logWithStepHasFiveDecadesAndBucketCentres() {
        FloatParam f = floatParam(0.01, 100, 10.0, Sampling.LOG);
        assertThat(grid(f)).containsExactly(0.01, 0.1, 1.0, 10.0, 100.0);
        assertThat(f.valueToProb(0.1)).isCloseTo(0.3, within(TOL));
        assertThat(f.probToValue(0.3)).isEqualTo(0.1);
        // index_to_prob(i, 5) = (i + 0.5) / 5, and every bucket maps back to its value
        for (int i = 0; i < 5; i++) {
            double value = grid(f).get(i);
            assertThat(f.valueToProb(value)).isCloseTo((i + 0.5) / 5, within(TOL));
            assertThat(f.probToValue(f.valueToProb(value))).isEqualTo(value);
        }
    }

    @Test
    void reverseLogWithStepIsDenseNearMax() {
        FloatParam f = floatParam(0.01, 100, 10.0, Sampling.REVERSE_LOG);
        List<Double> values = grid(f);
        assertThat(values).hasSize(5);
        double[] expected = {100, 99.91, 99.01, 90.01, 0.01};
        for (int i = 0; i < expected.length; i++) {
            assertThat(values.get(i)).isCloseTo(expected[i], within(1e-9));
        }
        assertThat(f.valueToProb(99.91)).isCloseTo(0.3, within(1e-9));
        assertThat((Double) f.probToValue(0.3)).isCloseTo(99.91, within(1e-9));
    }

    @Test
    void zeroLengthIntervalSamplesItsOnlyValueWithProbabilityOneHalf() {
        FloatParam f = floatParam(2, 2, null, Sampling.LINEAR);
        assertThat(f.probToValue(0.0)).isEqualTo(2.0);
        assertThat(f.probToValue(0.73)).isEqualTo(2.0);
        assertThat(f.valueToProb(2)).isEqualTo(0.5);
        assertThat(floatParam(2, 2, null, Sampling.LOG).valueToProb(2.0)).isEqualTo(0.5);
        assertThat(grid(f)).containsExactly(2.0);
    }

    @Test
    void withoutStepTheGridIsTenSortedQuantiles() {
        FloatParam f = floatParam(1, 2, null, Sampling.LINEAR);
        List<Double> values = grid(f);
        assertThat(values).hasSize(10).isSorted();
        for (int i = 0; i < 10; i++) {
            assertThat(values.get(i)).isCloseTo(1.05 + 0.1 * i, within(1e-12));
        }
        assertThat(grid(floatParam(2, 4, null, Sampling.LINEAR))).hasSize(10).isSorted();
        assertThat(grid(floatParam(2, 20, null, Sampling.LINEAR))).hasSize(10).isSorted();
        List<Double> log = grid(floatParam(2, 1024, null, Sampling.LOG));
        assertThat(log).hasSize(10).isSorted().allSatisfy(v -> assertThat(v).isBetween(2.0, 1024.0));
        assertThat(log.get(0)).isCloseTo(2 * Math.pow(512, 0.05), within(1e-9));
    }

    @Test
    void linearStepsAreFreeOfFloatNoise() {
        // Python would give 0.30000000000000004 and, since 1.0 // 0.1 == 9.0, only 10 values: documented deviation.
        FloatParam f = floatParam(0, 1, 0.1, Sampling.LINEAR);
        assertThat(grid(f)).containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
        assertThat(f.probToValue(3.5 / 11)).isEqualTo(0.3);
        assertThat(f.valueToProb(0.3)).isCloseTo(3.5 / 11, within(TOL));
        assertThat(f.valueToProb(1.0)).isCloseTo(10.5 / 11, within(TOL));
        assertThat(grid(floatParam(0.1, 0.7, 0.2, Sampling.LINEAR))).containsExactly(0.1, 0.3, 0.5, 0.7);
    }

    @Test
    void linearStepValuesNeverExceedMax() {
        FloatParam f = floatParam(0, 0.9999999999, 0.1, Sampling.LINEAR);
        assertThat(grid(f)).hasSize(10).allSatisfy(v -> assertThat(v).isLessThanOrEqualTo(0.9999999999));
        assertThat(f.probToValue(0.999)).isEqualTo(0.9);
    }

    @Test
    void stepGridsMatchKerasTuner() {
        assertThat(grid(floatParam(2, 8, 2.0, Sampling.LINEAR))).containsExactly(2.0, 4.0, 6.0, 8.0);
        assertThat(grid(floatParam(0.1, 100, 10.0, Sampling.LOG))).containsExactly(0.1, 1.0, 10.0, 100.0);
        // a step larger than the range leaves min alone
        assertThat(grid(floatParam(0, 1, 2.0, Sampling.LINEAR))).containsExactly(0.0);
    }

    @Test
    void logAndReverseLogSamplingFormulas() {
        FloatParam log = floatParam(1e-3, 1e3, null, Sampling.LOG);
        assertThat(log.valueToProb(1e-3)).isEqualTo(0.0);
        assertThat(log.valueToProb(1.0)).isCloseTo(0.5, within(TOL));
        assertThat(log.valueToProb(1e3)).isCloseTo(1.0, within(TOL));
        assertThat((Double) log.probToValue(0.5)).isCloseTo(1.0, within(1e-12));
        assertThat((Double) log.probToValue(log.valueToProb(1e3))).isCloseTo(1e3, within(1e-9));

        FloatParam rlog = floatParam(1e-3, 1e3, null, Sampling.REVERSE_LOG);
        assertThat(rlog.valueToProb(1e-3)).isEqualTo(0.0);
        double p = rlog.valueToProb(1.0);
        assertThat(p).isStrictlyBetween(0.0, 1.0);
        assertThat((Double) rlog.probToValue(p)).isCloseTo(1.0, within(1e-9));

        // hi + lo - lo * (hi/lo)^(1-p)
        assertThat((Double) floatParam(1, 100, null, Sampling.REVERSE_LOG).probToValue(0.5))
                .isCloseTo(91.0, within(1e-9));
        assertThat((Double) floatParam(1, 100, null, Sampling.LOG).probToValue(0.5)).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void everyProbabilityMapsInsideTheRange() {
        for (Sampling s : Sampling.values()) {
            for (Double step : new Double[] {null, s == Sampling.LINEAR ? 0.7 : 3.0}) {
                FloatParam f = floatParam(0.5, 9.5, step, s);
                for (int i = 0; i < 1000; i++) {
                    double v = (Double) f.probToValue(i / 1000.0);
                    assertThat(v).as("%s step %s p %s", s, step, i / 1000.0).isBetween(0.5, 9.5);
                }
            }
        }
    }

    @Test
    void defaultIsMinUnlessGiven() {
        HyperParameters hp = new HyperParameters();
        assertThat(hp.floatParam("a", 0.5, 9.5)).isEqualTo(0.5);
        assertThat(hp.floatParam("b", 0.5, 9.5, FloatOptions.defaults().step(0.1).defaultValue(9.0))).isEqualTo(9.0);
        assertThat(hp.space().get(1).defaultValue()).isEqualTo(9.0);
    }

    @Test
    void invalidDeclarationsNameTheHyperparameter() {
        HyperParameters hp = new HyperParameters();
        assertThatThrownBy(() -> hp.floatParam("lr", 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("min_value 1 is greater than the max_value 0");
        assertThatThrownBy(() -> hp.floatParam("lr", 0, 1, FloatOptions.defaults().sampling(Sampling.LOG)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("does not support negative values");
        assertThatThrownBy(() -> hp.floatParam("lr", -1, 1, FloatOptions.defaults().sampling(Sampling.REVERSE_LOG)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("does not support negative values");
        assertThatThrownBy(() -> hp.floatParam("lr", 0.1, 1, FloatOptions.defaults().sampling(Sampling.LOG).step(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("expected step > 1");
        assertThatThrownBy(() -> hp.floatParam("lr", 0.1, 1,
                FloatOptions.defaults().sampling(Sampling.REVERSE_LOG).step(0.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("expected step > 1");
        assertThatThrownBy(() -> hp.floatParam("lr", 0, 1, FloatOptions.defaults().step(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lr'");
        assertThatThrownBy(() -> hp.floatParam("lr", 0, 1, FloatOptions.defaults().defaultValue(1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("default 1.5");
        assertThatThrownBy(() -> hp.floatParam("lr", Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lr'");
        assertThat(hp.space()).isEmpty();
        assertThat(hp.values()).isEmpty();
    }

    @Test
    void configCarriesKerasTunerKeys() {
        FloatParam f = new FloatParam("f", 0.01, 100, 10.0, Sampling.LOG, 1.0, List.of());
        assertThat(f.toConfig()).containsExactly(
                org.assertj.core.api.Assertions.entry("name", "f"),
                org.assertj.core.api.Assertions.entry("conditions", List.of()),
                org.assertj.core.api.Assertions.entry("default", 1.0),
                org.assertj.core.api.Assertions.entry("min_value", 0.01),
                org.assertj.core.api.Assertions.entry("max_value", 100.0),
                org.assertj.core.api.Assertions.entry("step", 10.0),
                org.assertj.core.api.Assertions.entry("sampling", "log"));
        assertThat(f.typeName()).isEqualTo("Float");
    }
}
