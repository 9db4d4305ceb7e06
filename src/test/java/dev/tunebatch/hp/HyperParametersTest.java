package dev.tunebatch.hp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The container: declarations, scopes, get, merge, ensureActiveValues, copy. */
class HyperParametersTest {

    private static List<String> spaceNames(HyperParameters hp) {
        return hp.space().stream().map(h -> h.typeName() + ":" + h.name()).toList();
    }

    @Test
    void declarationsRegisterAndReturnDefaults() {
        HyperParameters hp = new HyperParameters();
        assertThat(hp.values()).isEmpty();
        assertThat(hp.space()).isEmpty();
        int choice = hp.choice("choice", List.of(1, 2, 3), null, 2);
        assertThat(choice).isEqualTo(2);
        assertThat(hp.values()).containsExactly(entry("choice", 2));
        assertThat(hp.space()).hasSize(1);
        assertThat(hp.space().get(0).name()).isEqualTo("choice");
        hp.putValue("choice", 3);
        assertThat(hp.get("choice")).isEqualTo(3);
        HyperParameters copy = hp.copy();
        assertThat(copy.values()).containsExactly(entry("choice", 3));
        assertThat(copy.space()).hasSize(1);
        assertThatThrownBy(() -> copy.get("wrong"))
                .isInstanceOf(NoSuchElementException.class).hasMessage("wrong does not exist.");
    }

    @Test
    void valuesIsAReadOnlySnapshot() {
        HyperParameters hp = new HyperParameters();
        hp.intParam("a", 0, 10);
        Map<String, Object> snapshot = hp.values();
        assertThatThrownBy(() -> snapshot.put("a", 5)).isInstanceOf(UnsupportedOperationException.class);
        hp.putValue("a", 4);
        assertThat(snapshot).containsEntry("a", 0);
    }

    @Test
    void firstDeclarationWins() {
        HyperParameters hp = new HyperParameters();
        assertThat(hp.floatParam("lr", 0, 1)).isEqualTo(0.0);
        assertThat(hp.floatParam("lr", 5, 10)).isEqualTo(0.0);
        assertThat(hp.intParam("units", 8, 64, IntOptions.defaults().defaultValue(32))).isEqualTo(32);
        assertThat(hp.intParam("units", 1, 4)).isEqualTo(32);
        assertThat(hp.space()).hasSize(2);
        FloatParam lr = (FloatParam) hp.space().get(0);
        assertThat(lr.max()).isEqualTo(1.0);
    }

    @Test
    void populatedValueIsReturnedForANewDeclaration() {
        HyperParameters hp = new HyperParameters();
        hp.putValue("hp_name", "hp_value");
        assertThat(hp.choice("hp_name", List.of("hp_value", "hp_value_default"), null, "hp_value_default"))
                .isEqualTo("hp_value");
        assertThat(new HyperParameters().choice("hp_name", List.of("hp_value", "hp_value_default"), null,
                "hp_value_default")).isEqualTo("hp_value_default");
    }

    @Test
    void nameScopesPrefixNames() {
        HyperParameters hp = new HyperParameters();
        hp.choice("choice", List.of(1, 2, 3), null, 2);
        hp.nameScope("scope1", () -> {
            hp.choice("choice", List.of(4, 5, 6), null, 5);
            hp.nameScope("scope2", () -> hp.choice("choice", List.of(7, 8, 9), null, 8));
            hp.intParam("range", 0, 10);
        });
        try (HyperParameters.Scope a = hp.openNameScope("a"); HyperParameters.Scope b = hp.openNameScope("b")) {
            hp.booleanParam("x");
        }
        hp.booleanParam("y");
        assertThat(hp.values()).containsExactly(entry("choice", 2), entry("scope1/choice", 5),
                entry("scope1/scope2/choice", 8), entry("scope1/range", 0), entry("a/b/x", false), entry("y", false));
        assertThat(hp.get("a/b/x")).isEqualTo(false);
    }

    @Test
    void conditionalScopeBodyRunsOnlyWhileActive() {
        HyperParameters hp = new HyperParameters();
        hp.choice("choice", List.of(1, 2, 3), null, 2);
        AtomicBoolean inactiveRan = new AtomicBoolean();
        List<Integer> seen = new ArrayList<>();
        hp.conditionalScope("choice", List.of(1, 3), () -> {
            inactiveRan.set(true);
            hp.choice("child_choice", List.of(4, 5, 6));
        });
        hp.conditionalScope("choice", List.of(2), () -> seen.add(hp.choice("child_choice", List.of(7, 8, 9))));
        assertThat(inactiveRan).isFalse();
        assertThat(seen).containsExactly(7);
        assertThat(hp.values()).containsExactly(entry("choice", 2), entry("child_choice", 7));
        assertThat(hp.inactiveScopes()).hasSize(1);
        assertThat(hp.activeScopes()).hasSize(1);
        assertThat(hp.activeScopes().get(0)).containsExactly(new Condition("choice", List.of(2)));
    }

    @Test
    void declarationsInAnInactiveScopeAreRegisteredButHaveNoValue() {
        HyperParameters hp = new HyperParameters();
        hp.choice("a", List.of(1, 2, 3), null, 2);
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("a", List.of(1))) {
            assertThat(s.active()).isFalse();
            assertThat(hp.intParam("b", 0, 10, IntOptions.defaults().defaultValue(5))).isEqualTo(5);
        }
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("a", List.of(2))) {
            assertThat(s.active()).isTrue();
            assertThat(hp.intParam("b", 0, 100, IntOptions.defaults().defaultValue(4))).isEqualTo(4);
        }
        assertThat(hp.values()).containsExactly(entry("a", 2), entry("b", 4));
        assertThat(hp.space()).hasSize(3);
    }

    @Test
    void nestedConditionalAndNameScopes() {
        HyperParameters hp = new HyperParameters();
        List<Object> got = new ArrayList<>();
        got.add(hp.choice("a", List.of(1, 2, 3), null, 3));
        hp.conditionalScope("a", List.of(1, 3), () -> {
            got.add(hp.choice("b", List.of(4, 5, 6), null, 6));
            hp.conditionalScope("b", List.of(6), () -> {
                got.add(hp.choice("c", List.of(7, 8, 9)));
                hp.nameScope("d", () -> got.add(hp.choice("e", List.of(10, 11, 12))));
            });
        });
        hp.conditionalScope("a", List.of(2), () -> {
            got.add(hp.choice("f", List.of(13, 14, 15)));
            hp.nameScope("g", () -> got.add(hp.intParam("h", 0, 10)));
        });
        assertThat(hp.values()).containsExactly(entry("a", 3), entry("b", 6), entry("c", 7), entry("d/e", 10));
        assertThat(got).containsExactly(3, 6, 7, 10);
        assertThat(hp.declares("f")).isFalse();
    }

    @Test
    void nameScopedConditionalParents() {
        HyperParameters hp = new HyperParameters();
        hp.nameScope("block", () -> {
            hp.choice("kind", List.of("dense", "conv"));
            hp.conditionalScope("kind", List.of("dense"), () -> hp.intParam("units", 1, 4));
        });
        assertThat(hp.values()).containsExactly(entry("block/kind", "dense"), entry("block/units", 1));
        assertThat(hp.space().get(1).conditions()).containsExactly(new Condition("block/kind", List.of("dense")));
    }

    @Test
    void conditionalScopesOverModelVariants() {
        HyperParameters hp = new HyperParameters();
        Map<String, Integer> params = new LinkedHashMap<>();
        String model = hp.choice("model", List.of("v1", "v2"));
        hp.conditionalScope("model", List.of("v1"), () -> {
            params.put("layers", hp.intParam("layers", 1, 3));
            params.put("units", hp.intParam("units", 16, 32));
        });
        hp.conditionalScope("model", List.of("v2"), () -> {
            params.put("layers", hp.intParam("layers", 2, 4));
            params.put("units", hp.intParam("units", 32, 64));
        });
        assertThat(model).isEqualTo("v1");
        assertThat(params).containsExactly(entry("layers", 1), entry("units", 16));
        assertThat(hp.values()).containsExactly(entry("model", "v1"), entry("layers", 1), entry("units", 16));
    }

    @Test
    void getDistinguishesInactiveFromUnknown() {
        HyperParameters hp = new HyperParameters();
        hp.intParam("a", 0, 10, IntOptions.defaults().defaultValue(3));
        hp.choice("b", List.of(1, 2), null, 2);
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("b", List.of(1))) {
            hp.floatParam("c", -10, 10, FloatOptions.defaults().defaultValue(3));
            assertThatThrownBy(() -> hp.get("c"))
                    .isInstanceOf(IllegalStateException.class).hasMessage("c is currently inactive.");
        }
        assertThat(hp.contains("c")).isFalse();
        hp.conditionalScope("b", List.of(2), () -> hp.floatParam("c", -30, -20,
                FloatOptions.defaults().defaultValue(-25)));
        assertThat(hp.get("a")).isEqualTo(3);
        assertThat(hp.get("b")).isEqualTo(2);
        assertThat(hp.get("c")).isEqualTo(-25.0);
        assertThatThrownBy(() -> hp.get("d"))
                .isInstanceOf(NoSuchElementException.class).hasMessage("d does not exist.");
        assertThat(hp.contains("a")).isTrue();
        assertThat(hp.contains("c")).isTrue();
        assertThat(hp.contains("d")).isFalse();
    }

    @Test
    void getReturnsTheActiveDefinition() {
        HyperParameters hp = new HyperParameters();
        hp.choice("a", List.of(1, 2, 3), null, 2);
        hp.conditionalScope("a", List.of(2), () -> {
            hp.fixed("b", 4);
            assertThat(hp.get("b")).isEqualTo(4);
        });
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("a", List.of(3))) {
            assertThat(hp.fixed("b", 5)).isEqualTo(5);
            assertThat(hp.get("b")).isEqualTo(4);
        }
        assertThat(hp.get("b")).isEqualTo(4);
    }

    @Test
    void inactiveValuesPutByAnOracleDoNotMakeAHyperparameterActive() {
        HyperParameters hp = new HyperParameters();
        hp.choice("choice", List.of(1, 2, 3), null, 3);
        hp.conditionalScope("choice", List.of(1, 3), () -> hp.choice("child_choice", List.of(4, 5, 6)));
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("choice", List.of(2))) {
            hp.choice("child_choice2", List.of(7, 8, 9));
        }
        hp.putValue("child_choice2", 7);
        assertThat(hp.isActive("child_choice")).isTrue();
        assertThat(hp.isActive(hp.space().get(1))).isTrue();
        assertThat(hp.isActive("child_choice2")).isFalse();
        assertThat(hp.isActive(hp.space().get(2))).isFalse();
        assertThat(hp.isActive("never_declared")).isFalse();
    }

    @Test
    void aHyperparameterRegisteredInactiveStartsAtItsDefaultOnceActive() {
        HyperParameters hp = new HyperParameters();
        hp.choice("model", List.of("mlp", "cnn"));
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("model", List.of("cnn"))) {
            hp.intParam("filters", 8, 64, IntOptions.defaults().defaultValue(16));
        }
        hp.putValue("model", "cnn");
        List<Integer> seen = new ArrayList<>();
        hp.conditionalScope("model", List.of("cnn"), () -> seen.add(hp.intParam("filters", 8, 64)));
        assertThat(seen).containsExactly(16);
        assertThat(hp.values()).containsEntry("filters", 16);
    }

    @Test
    void conditionalHyperparameterNamedLikeItsParentIsRejected() {
        HyperParameters hp = new HyperParameters();
        hp.choice("a", List.of(1, 2));
        assertThatThrownBy(() -> hp.conditionalScope("a", List.of(1), () -> hp.intParam("a", 0, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'").hasMessageContaining("same name as the parent");
        assertThat(hp.space()).hasSize(1);
        // the scope was closed despite the exception
        hp.intParam("later", 0, 3);
        assertThat(hp.space().get(1).conditions()).isEmpty();
    }

    @Test
    void conditionalScopeNeedsADefinedParentAndPossibleValues() {
        HyperParameters hp = new HyperParameters();
        assertThatThrownBy(() -> hp.conditionalScope("missing", List.of(1), () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing").hasMessageContaining("not defined");
        hp.nameScope("s", () -> assertThatThrownBy(() -> hp.openConditionalScope("missing", List.of(1)))
                .hasMessageContaining("s/missing"));
        hp.choice("opt", List.of("sgd", "adam"));
        assertThatThrownBy(() -> hp.openConditionalScope("opt", List.of("rmsprop")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'opt'").hasMessageContaining("rmsprop");
        assertThatThrownBy(() -> hp.openConditionalScope("opt", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'");
        // nothing leaked onto the condition stack
        hp.intParam("free", 0, 1);
        assertThat(hp.space().get(1).conditions()).isEmpty();
    }

    @Test
    void mergeAppendsWithoutReplacingAndOverwriteResetsValues() {
        HyperParameters hp = new HyperParameters();
        hp.intParam("a", 0, 100);
        hp.fixed("b", 2);
        HyperParameters hp2 = new HyperParameters();
        hp2.fixed("a", 3);
        hp.intParam("c", 10, 100, IntOptions.defaults().defaultValue(30));

        hp.merge(hp2, true);
        assertThat(hp.get("a")).isEqualTo(3);
        assertThat(hp.get("b")).isEqualTo(2);
        assertThat(hp.get("c")).isEqualTo(30);
        assertThat(spaceNames(hp)).containsExactly("Int:a", "Fixed:b", "Int:c", "Fixed:a");

        HyperParameters hp3 = new HyperParameters();
        hp3.fixed("a", 5);
        hp3.choice("d", List.of(1, 2, 3), null, 1);
        hp.merge(hp3, false);
        assertThat(hp.get("a")).isEqualTo(3);
        assertThat(hp.get("b")).isEqualTo(2);
        assertThat(hp.get("c")).isEqualTo(30);
        assertThat(hp.get("d")).isEqualTo(1);
        assertThat(spaceNames(hp)).containsExactly("Int:a", "Fixed:b", "Int:c", "Fixed:a", "Choice:d");
    }

    @Test
    void mergeWithoutOverwriteKeepsPopulatedValues() {
        HyperParameters hp = new HyperParameters();
        hp.putValue("x", 7);
        hp.merge(List.of(new IntParam("x", 0, 10, 1, Sampling.LINEAR, 0, List.of())), false);
        assertThat(hp.get("x")).isEqualTo(7);
        hp.merge(List.of(new IntParam("y", 0, 10, 1, Sampling.LINEAR, 0, List.of())), true);
        assertThat(hp.get("y")).isEqualTo(0);
        hp.putValue("y", 9);
        hp.merge(List.of(new IntParam("y", 0, 10, 1, Sampling.LINEAR, 0, List.of())), false);
        assertThat(hp.get("y")).isEqualTo(9);
        assertThat(hp.space()).hasSize(2);
    }

    @Test
    void mergeKeepsOnlyActiveValues() {
        HyperParameters hp = new HyperParameters();
        hp.choice("a", List.of(1, 2, 3), null, 3);
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("a", List.of(2))) {
            hp.fixed("b", 4);
        }
        HyperParameters hp2 = new HyperParameters();
        hp2.merge(hp, true);
        assertThat(hp2.values()).containsOnlyKeys("a");
        assertThat(hp2.declares("b")).isTrue();
        assertThat(hp2.space()).hasSize(2);
    }

    @Test
    void ensureActiveValuesFillsActiveAndDropsInactive() {
        HyperParameters hp = new HyperParameters();
        hp.choice("model", List.of("mlp", "cnn"));
        hp.conditionalScope("model", List.of("mlp"), () -> hp.intParam("units", 1, 4));
        hp.putValue("model", "cnn");
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("model", List.of("cnn"))) {
            assertThat(s.active()).isTrue();
        }
        hp.merge(List.of(new IntParam("filters", 8, 64, 8, Sampling.LINEAR, 8,
                List.of(new Condition("model", List.of("cnn"))))), false);
        hp.removeValue("filters");
        hp.putValue("tuner/epochs", 3);
        assertThat(hp.values()).containsOnlyKeys("model", "units", "tuner/epochs");

        hp.ensureActiveValues(() -> 0.999);
        assertThat(hp.values()).containsExactly(entry("model", "cnn"), entry("tuner/epochs", 3), entry("filters", 64));
    }

    @Test
    void ensureActiveValuesKeepsANameThatIsActiveUnderAnotherDefinition() {
        HyperParameters hp = new HyperParameters();
        hp.choice("b", List.of(1, 2), null, 2);
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("b", List.of(2))) {
            hp.floatParam("c", -30, -20);
        }
        try (HyperParameters.ConditionalScope s = hp.openConditionalScope("b", List.of(1))) {
            hp.floatParam("c", -10, 10);
        }
        hp.ensureActiveValues(() -> 0.5);
        assertThat(hp.values()).containsExactly(entry("b", 2), entry("c", -30.0));
    }

    @Test
    void copyIsIndependent() {
        HyperParameters hp = new HyperParameters();
        hp.intParam("a", 0, 10);
        HyperParameters copy = hp.copy();
        copy.putValue("a", 9);
        copy.booleanParam("extra");
        assertThat(hp.get("a")).isEqualTo(0);
        assertThat(hp.declares("extra")).isFalse();
        assertThat(hp.spaceOnly().values()).isEmpty();
        assertThat(hp.spaceOnly().space()).hasSize(1);
    }

    @Test
    void putValueConvertsToTheDeclaredType() {
        HyperParameters hp = new HyperParameters();
        hp.floatParam("lr", 0, 1);
        hp.intParam("n", 0, 10);
        hp.booleanParam("flag");
        hp.putValue("lr", 1);
        hp.putValue("n", 3L);
        hp.putValue("flag", "true");
        assertThat(hp.get("lr")).isInstanceOf(Double.class).isEqualTo(1.0);
        assertThat(hp.get("n")).isInstanceOf(Integer.class).isEqualTo(3);
        assertThat(hp.get("flag")).isEqualTo(true);
        hp.choice("opt", List.of("sgd", "adam"));
        assertThatThrownBy(() -> hp.putValue("opt", "rmsprop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'opt'");
    }

    @Test
    void blankNamesAreRejected() {
        HyperParameters hp = new HyperParameters();
        assertThatThrownBy(() -> hp.intParam(" ", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hp.intParam(null, 0, 1)).isInstanceOf(NullPointerException.class);
    }
}
