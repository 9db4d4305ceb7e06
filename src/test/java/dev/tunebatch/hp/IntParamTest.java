package dev.tunebatch.hp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** keras-tuner's Int formulas: max inclusive, linear without step means step 1. */
class IntParamTest {

    private static IntParam intParam(int min, int max, Integer step, Sampling sampling) {
        return new IntParam("i", min, max, step, sampling, min, List.of());
    }

    @Test
    void linearIntBucketsAreCentred() {
        IntParam i = new IntParam("rg", 5, 9, 1, Sampling.LINEAR, 6, List.of());
        assertThat(i.valueToProb(6)).isCloseTo(0.3, within(1e-12));
        assertThat(i.defaultValue()).isEqualTo(6);
        assertThat(i.gridValues()).containsExactly(5, 6, 7, 8, 9);
        assertThat(intParam(5, 9, null, Sampling.LINEAR).step()).isEqualTo(1);
        assertThat(intParam(5, 9, null, Sampling.LINEAR).defaultValue()).isEqualTo(5);
        for (int v = 5; v <= 9; v++) {
            assertThat(i.probToValue(i.valueToProb(v))).isEqualTo(v);
        }
    }

    @Test
    void maxIsInclusive() {
        IntParam i = intParam(0, 10, null, Sampling.LINEAR);
        assertThat(i.probToValue(0.0)).isEqualTo(0);
        assertThat(i.probToValue(0.9999999)).isEqualTo(10);
        assertThat(i.probToValue(1.0)).isEqualTo(10);
        assertThat(intParam(0, 10, 3, Sampling.LINEAR).gridValues()).containsExactly(0, 3, 6, 9);
    }

    @Test
    void logWithStepDoublesEachTime() {
        assertThat(intParam(2, 8, 2, Sampling.LOG).gridValues()).containsExactly(2, 4, 8);
        IntParam i = intParam(2, 32, 2, Sampling.LOG);
        assertThat(i.gridValues()).containsExactly(2, 4, 8, 16, 32);
        assertThat(i.valueToProb(4)).isCloseTo(0.3, within(1e-9));
        assertThat(i.probToValue(0.3)).isEqualTo(4);
        for (int k = 0; k < 100; k++) {
            assertThat(i.probToValue(k / 100.0)).isIn(2, 4, 8, 16, 32);
        }
    }

    @Test
    void logWithoutStepRoundTripsEveryValue() {
        IntParam i = intParam(2, 32, null, Sampling.LOG);
        assertThat(i.step()).isNull();
        for (int v = 2; v <= 32; v++) {
            assertThat(i.probToValue(i.valueToProb(v))).as("value %d", v).isEqualTo(v);
        }
        // int(lo * (hi+1/lo)^p): truncated, never beyond max
        assertThat(i.probToValue(0.0)).isEqualTo(2);
        assertThat(i.probToValue(0.999999)).isEqualTo(32);
        List<Object> grid = intParam(2, 1024, null, Sampling.LOG).gridValues();
        assertThat(grid).hasSize(10).doesNotHaveDuplicates();
        assertThat(grid.stream().map(v -> (Integer) v).toList()).isSorted()
                .containsExactly(2, 5, 9, 17, 33, 61, 115, 215, 402, 750);
    }

    @Test
    void reverseLogIntsAreDenseNearMax() {
        IntParam i = intParam(1, 10, null, Sampling.REVERSE_LOG);
        for (int v = 1; v <= 10; v++) {
            assertThat(i.probToValue(i.valueToProb(v))).isEqualTo(v);
        }
        assertThat((Integer) i.probToValue(0.5)).isGreaterThan(5);
    }

    @Test
    void integralBoundsAreRequired() {
        HyperParameters hp = new HyperParameters();
        assertThatThrownBy(() -> hp.intParam("units", 0.5, 10, IntOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'units'").hasMessageContaining("min_value must be an int");
        assertThatThrownBy(() -> hp.intParam("units", 1, 10.25, IntOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'units'").hasMessageContaining("max_value must be an int");
        assertThatThrownBy(() -> hp.intParam("units", 1, 1e12, IntOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'units'");
        hp.nameScope("block", () -> assertThatThrownBy(() -> hp.intParam("units", 0.5, 10, IntOptions.defaults()))
                .hasMessageContaining("'block/units'"));
        assertThat(hp.intParam("units", 2.0, 10.0, IntOptions.defaults().defaultValue(4))).isEqualTo(4);
        assertThat(hp.space()).hasSize(1);
    }

    @Test
    void invalidDeclarationsNameTheHyperparameter() {
        HyperParameters hp = new HyperParameters();
        assertThatThrownBy(() -> hp.intParam("k", 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'").hasMessageContaining("min_value 1 is greater than the max_value 0");
        assertThatThrownBy(() -> hp.intParam("k", -10, -1, IntOptions.defaults().sampling(Sampling.LOG)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'").hasMessageContaining("does not support negative values");
        assertThatThrownBy(() -> hp.intParam("k", 0, 10, IntOptions.defaults().sampling(Sampling.LOG)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k'");
        assertThatThrownBy(() -> hp.intParam("k", 1, 64, IntOptions.defaults().sampling(Sampling.LOG).step(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'").hasMessageContaining("expected step > 1");
        assertThatThrownBy(() -> hp.intParam("k", 1, 64, IntOptions.defaults().step(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k'");
        assertThatThrownBy(() -> hp.intParam("k", 1, 64, IntOptions.defaults().defaultValue(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'").hasMessageContaining("default 65");
        assertThat(hp.space()).isEmpty();
    }

    @Test
    void configCarriesTheNormalisedStep() {
        IntParam i = intParam(1, 3, null, Sampling.LINEAR);
        assertThat(i.toConfig()).containsEntry("step", 1).containsEntry("sampling", "linear")
                .containsEntry("min_value", 1).containsEntry("max_value", 3).containsEntry("default", 1);
        assertThat(intParam(1, 100, null, Sampling.LOG).toConfig()).containsEntry("step", null)
                .containsEntry("sampling", "log");
        assertThat(i.typeName()).isEqualTo("Int");
    }
}
