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

/** Synalinks' history reduction (tests 5-9) plus our NaN rule. */
class HistoryReducerTest {

    @Test
    void singleObjectiveMaxPicksMaxAcrossEpochs() {
        History h = History.of(Map.of("reward", List.of(0.1, 0.7, 0.4), "val_reward", List.of(0.2, 0.5, 0.9)));
        Map<String, Double> r = HistoryReducer.reduce(h, Objective.of("val_reward", Direction.MAX).toSpec());
        assertThat(r).containsEntry("val_reward", 0.9).containsEntry("reward", 0.4);
    }

    @Test
    void singleObjectiveMinPicksMinAcrossEpochs() {
        History h = History.of(Map.of("loss", List.of(1.0, 0.3, 0.6)));
        assertThat(HistoryReducer.reduce(h, Objective.of("loss", Direction.MIN).toSpec()))
                .containsEntry("loss", 0.3);
    }

    @Test
    void multiObjectiveReducesEachMetricInItsOwnDirection() {
        History h = History.of(Map.of("loss", List.of(1.0, 0.4, 0.5), "reward", List.of(0.2, 0.9, 0.7)));
        ObjectiveSpec multi = ObjectiveSpec.multi(List.of(Objective.of("loss", Direction.MIN).toSpec(),
                Objective.of("reward", Direction.MAX).toSpec()));
        assertThat(HistoryReducer.reduce(h, multi)).containsEntry("loss", 0.4).containsEntry("reward", 0.9);
    }

    @Test
    void emptyMetricListsAreSkipped() {
        History h = History.of(Map.of("reward", List.of(), "val_reward", List.of(0.5)));
        Map<String, Double> r = HistoryReducer.reduce(h, Objective.of("val_reward", Direction.MAX).toSpec());
        assertThat(r).doesNotContainKey("reward").containsEntry("val_reward", 0.5);
    }

    @Test
    void nanIsNeverChosenAsBest() {
        History h = History.of(Map.of("val_reward", List.of(Double.NaN, 0.5, Double.NaN),
                "other", List.of(1.0, Double.NaN)));
        Map<String, Double> r = HistoryReducer.reduce(h, Objective.of("val_reward", Direction.MAX).toSpec());
        assertThat(r.get("val_reward")).isEqualTo(0.5);
        assertThat(r.get("other")).isNaN();
        assertThat(HistoryReducer.bestEpoch(h, Objective.of("val_reward", Direction.MAX).toSpec())).isEqualTo(1);
    }
}
