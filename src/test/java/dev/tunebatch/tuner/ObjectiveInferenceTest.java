package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.oracle.ConsecutiveFailuresException;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.testing.FakeProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Synalinks' objective direction inference tests (20-26). */
class ObjectiveInferenceTest {

    @Test
    void rewardInfersAsMax() {
        assertThat(Objective.of("val_reward").direction()).isEqualTo(Direction.MAX);
    }

    @Test
    void accuracyInfersAsMax() {
        assertThat(Objective.of("accuracy").direction()).isEqualTo(Direction.MAX);
    }

    @Test
    void f1ScoreInfersAsMax() {
        assertThat(Objective.of("val_f1_score").direction()).isEqualTo(Direction.MAX);
        assertThat(Objective.of("val_pass_at_k").direction()).isEqualTo(Direction.MAX);
    }

    @Test
    void programCostInfersAsMin() {
        assertThat(Objective.of("val_program_cost").direction()).isEqualTo(Direction.MIN);
        assertThat(Objective.of("gap_k").direction()).isEqualTo(Direction.MIN);
    }

    @Test
    void lossFallsThroughToKerasTunerInference() {
        assertThat(Objective.of("val_loss").direction()).isEqualTo(Direction.MIN);
    }

    @Test
    void unknownNameRaisesWithRemediation() {
        assertThatThrownBy(() -> Objective.of("val_totally_made_up"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Could not infer optimization direction for objective 'val_totally_made_up'. "
                        + "Pass it explicitly: Objective.of(\"val_totally_made_up\", Direction.MAX).");
        assertThatThrownBy(() -> Objective.of("val_total_tokens")).hasMessageContaining("Could not infer");
    }

    @Test
    void explicitDirectionBypassesInference() {
        Objective o = Objective.of("any_unknown_metric", Direction.MIN);
        assertThat(o.direction()).isEqualTo(Direction.MIN);
        assertThat(o.name()).isEqualTo("any_unknown_metric");
    }
}
