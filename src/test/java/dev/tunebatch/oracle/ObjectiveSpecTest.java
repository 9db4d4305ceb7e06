package dev.tunebatch.oracle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.tunebatch.oracle.OracleFixtures.viaJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Single and multi-objectives. */
class ObjectiveSpecTest {

    private static final ObjectiveSpec REWARD = ObjectiveSpec.single("val_reward", MetricDirection.MAX);
    private static final ObjectiveSpec LOSS = ObjectiveSpec.single("val_loss", MetricDirection.MIN);

    @Test
    void singleObjective() {
        assertThat(LOSS.isMulti()).isFalse();
        assertThat(LOSS.directions()).containsExactly(entry("val_loss", MetricDirection.MIN));
        assertThat(LOSS.hasValue(Map.of("val_loss", 0.5))).isTrue();
        assertThat(LOSS.hasValue(Map.of("loss", 0.5))).isFalse();
        assertThat(LOSS.value(Map.of("val_loss", 0.5, "x", 9.0))).isEqualTo(0.5);
        assertThat(LOSS.toString()).isEqualTo("Objective(name=\"val_loss\", direction=\"min\")");
    }

    @Test
    void multiObjectiveIsMinimisedSumOfMinsMinusMaxes() {
        ObjectiveSpec multi = ObjectiveSpec.multi(List.of(REWARD, LOSS,
                ObjectiveSpec.single("cost", MetricDirection.MIN)));
        assertThat(multi.name()).isEqualTo("multi_objective").isEqualTo(ObjectiveSpec.MULTI_OBJECTIVE);
        assertThat(multi.direction()).isEqualTo(MetricDirection.MIN);
        assertThat(multi.isMulti()).isTrue();
        assertThat(multi.directions()).containsExactly(entry("val_reward", MetricDirection.MAX),
                entry("val_loss", MetricDirection.MIN), entry("cost", MetricDirection.MIN));
        Map<String, Double> logs = Map.of("val_reward", 0.75, "val_loss", 0.25, "cost", 2.0, "ignored", 100.0);
        assertThat(multi.hasValue(logs)).isTrue();
        assertThat(multi.value(logs)).isEqualTo(0.25 + 2.0 - 0.75);
        assertThat(multi.hasValue(Map.of("val_reward", 1.0, "val_loss", 1.0))).isFalse();
        assertThat(multi.toString()).isEqualTo("MultiObjective(name=\"multi_objective\", direction=\"min\"): "
                + "[Objective(name=\"val_reward\", direction=\"max\"), Objective(name=\"val_loss\", direction=\"min\"), "
                + "Objective(name=\"cost\", direction=\"min\")]");
        assertThatThrownBy(() -> ObjectiveSpec.multi(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configRoundTripsThroughJson() {
        ObjectiveSpec multi = ObjectiveSpec.multi(List.of(REWARD, LOSS));
        assertThat(ObjectiveSpec.fromConfig(viaJson(multi.toConfig()))).isEqualTo(multi);
        assertThat(ObjectiveSpec.fromConfig(viaJson(REWARD.toConfig()))).isEqualTo(REWARD);
        assertThat(REWARD.toConfig()).containsOnlyKeys("name", "direction");
    }
}
