package dev.tunebatch.hp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Choice, Boolean and Fixed. */
class DiscreteParamTest {

    @Test
    void choiceMapsBucketCentres() {
        ChoiceParam c = ChoiceParam.of("choice", List.of(1, 2, 3), null, 2, List.of());
        assertThat(c.defaultValue()).isEqualTo(2);
        assertThat(c.valueToProb(c.values().get(0))).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(c.valueToProb(3)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(c.probToValue(0.0)).isEqualTo(1);
        assertThat(c.probToValue(1.0 / 3)).isEqualTo(2);
        assertThat(c.probToValue(0.999)).isEqualTo(3);
        assertThat(c.probToValue(1.0)).isEqualTo(3);
        assertThat(c.gridValues()).containsExactly(1, 2, 3);
        assertThat(ChoiceParam.of("c", List.of(1, 2, 3), null, null, List.of()).defaultValue()).isEqualTo(1);
    }

    static Stream<Arguments> orderedMatrix() {
        return Stream.of(
                Arguments.of(List.of(1, 2, 3), true, true),
                Arguments.of(List.of(1, 2, 3), false, false),
                Arguments.of(List.of(1, 2, 3), null, true),
                Arguments.of(List.of(0.5, 2.5), null, true),
                Arguments.of(List.of("a", "b", "c"), false, false),
                Arguments.of(List.of("a", "b", "c"), null, false),
                Arguments.of(List.of(true, false), null, false));
    }

    @ParameterizedTest
    @MethodSource("orderedMatrix")
    void orderedDefaultsToTrueForNumbersOnly(List<Object> values, Boolean ordered, boolean expected) {
        ChoiceParam c = ChoiceParam.of("choice", values, ordered, null, List.of());
        assertThat(c.ordered()).isEqualTo(expected);
        assertThat(c.toConfig()).containsEntry("ordered", expected);
    }

    @Test
    void invalidChoicesNameTheHyperparameter() {
        HyperParameters hp = new HyperParameters();
        assertThatThrownBy(() -> hp.choice("opt", List.of("a", "b"), true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'opt'").hasMessageContaining("ordered=true");
        assertThatThrownBy(() -> hp.choice("opt", List.<Object>of("a", "b", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'opt'").hasMessageContaining("one type");
        assertThatThrownBy(() -> hp.choice("opt", List.<Object>of(1, 2.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'");
        assertThatThrownBy(() -> hp.choice("opt", List.<Object>of(true, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'");
        assertThatThrownBy(() -> hp.choice("opt", List.of(Map.of("a", 1), Map.of("a", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'opt'").hasMessageContaining("not supported");
        assertThatThrownBy(() -> hp.choice("opt", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'");
        assertThatThrownBy(() -> hp.choice("opt", Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'");
        assertThatThrownBy(() -> hp.choice("opt", List.of(1, 2, 3), null, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'opt'").hasMessageContaining("default 4");
        assertThatThrownBy(() -> hp.choice("opt", List.of(1, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'");
        assertThat(hp.space()).isEmpty();
    }

    @Test
    void integerAndLongAreOneKind() {
        ChoiceParam c = ChoiceParam.of("n", List.of(1, 2L), null, null, List.of());
        assertThat(c.accepts(2)).isTrue();
        assertThat(c.accepts(2.0)).isFalse();
        assertThat(c.coerce(2)).isEqualTo(2L);
        assertThatThrownBy(() -> c.coerce(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'n'");
    }

    @Test
    void choiceReturnsTheCallersOwnValueType() {
        HyperParameters hp = new HyperParameters();
        Long l = hp.choice("l", List.of(10L, 20L));
        Float f = hp.choice("f", List.of(0.5f, 1.5f), null, 1.5f);
        assertThat(l).isEqualTo(10L);
        assertThat(f).isEqualTo(1.5f);
        // values as JSON would hand them back
        hp.putValue("l", 20);
        hp.putValue("f", 0.5);
        Long l2 = hp.choice("l", List.of(10L, 20L));
        Float f2 = hp.choice("f", List.of(0.5f, 1.5f));
        assertThat(l2).isEqualTo(20L);
        assertThat(f2).isEqualTo(0.5f);
    }

    @Test
    void booleanMapsHalves() {
        BooleanParam b = new BooleanParam("b", false, List.of());
        assertThat(b.probToValue(0.49)).isEqualTo(false);
        assertThat(b.probToValue(0.5)).isEqualTo(true);
        assertThat(b.valueToProb(true)).isEqualTo(0.75);
        assertThat(b.valueToProb(false)).isEqualTo(0.25);
        assertThat(b.gridValues()).containsExactly(true, false);
        assertThat(b.defaultValue()).isEqualTo(false);
        assertThat(b.toConfig()).containsOnlyKeys("name", "conditions", "default");
        assertThat(new HyperParameters().booleanParam("x", true)).isTrue();
    }

    @Test
    void fixedHasOneValue() {
        FixedParam f = new FixedParam("f", "3", List.of());
        assertThat(f.probToValue(0.0)).isEqualTo("3");
        assertThat(f.probToValue(0.99)).isEqualTo("3");
        assertThat(f.valueToProb("3")).isEqualTo(0.5);
        assertThat(f.gridValues()).containsExactly("3");
        assertThat(f.toConfig()).containsOnlyKeys("name", "conditions", "value").containsEntry("value", "3");
        assertThatThrownBy(() -> new HyperParameters().fixed("bad", List.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad'");
        HyperParameters hp = new HyperParameters();
        Long n = hp.fixed("n", 7L);
        hp.putValue("n", 7);
        Long again = hp.fixed("n", 7L);
        assertThat(n).isEqualTo(7L);
        assertThat(again).isEqualTo(7L);
    }
}
