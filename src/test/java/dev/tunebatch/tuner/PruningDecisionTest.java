package dev.tunebatch.tuner;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.store.InMemoryTrialStore;
import dev.tunebatch.testing.CurveProgram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pruning decisions are taken once per epoch and stored: an epoch reported again reuses its decision. */
class PruningDecisionTest {

    private static final int EPOCHS = 3;

    private static SearchSession session(Pruner pruner, InMemoryTrialStore store) {
        return RandomSearch.builder().objective(Objective.of("val_reward", Direction.MAX)).seed(1).maxTrials(10)
                .verbose(false).pruner(pruner).hypermodel(hp -> {
                    hp.floatParam("x", 0, 1);
                    return new CurveProgram(e -> Map.of("val_reward", 0.0));
                }).openSession(store);
    }

    private static SearchSession.EpochVerdict report(SearchSession s, Trial t, int epoch, double value) {
        return s.reportEpoch(new EpochReport(t.id(), 0, epoch, EPOCHS, Map.of("val_reward", value),
                Map.of("val_reward", List.of(value)), null, t.id()));
    }

    /** Runs a trial to its end with the same value at every epoch. */
    private static void finish(SearchSession s, String worker, double value) {
        Trial t = s.nextTrial(worker);
        for (int e = 0; e < EPOCHS; e++) {
            assertThat(report(s, t, e, value)).isEqualTo(SearchSession.EpochVerdict.GO_ON);
        }
        s.complete(t, new TrialRunner.Result(Map.of("val_reward", value), 0, t.hyperparameters()));
    }

    @Test
    void anEpochReportedAgainReusesTheStoredDecision() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        SearchSession s = session(Pruner.median(0, 1), store);
        finish(s, "a", 0.5);
        Trial b = s.nextTrial("b");
        assertThat(report(s, b, 0, 0.6)).as("better than the median 0.5").isEqualTo(SearchSession.EpochVerdict.GO_ON);
        finish(s, "c", 0.9);
        finish(s, "d", 0.95);

        // after a restart epoch 0 is reported again: the median is now 0.9, but the stored decision stands
        SearchSession resumed = session(Pruner.median(0, 1), store);
        assertThat(report(resumed, b, 0, 0.6)).isEqualTo(SearchSession.EpochVerdict.GO_ON);
        assertThat(resumed.oracle().getTrial(b.id()).status()).isEqualTo(TrialStatus.RUNNING);

        // the next epoch is decided afresh, against the median of the others at that epoch
        assertThat(report(resumed, b, 1, 0.61)).isEqualTo(SearchSession.EpochVerdict.TRIAL_ENDED);
        Trial pruned = resumed.oracle().getTrial(b.id());
        assertThat(pruned.status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(pruned.score()).isEqualTo(0.61);
        assertThat(pruned.message()).contains("median rule").contains("0.61").contains("0.9");
        assertThat(pruned.progress().curve()).containsExactly(Map.entry(0, 0.6), Map.entry(1, 0.61));
        assertThat(report(resumed, b, 2, 0.7)).as("a stopped trial stays stopped")
                .isEqualTo(SearchSession.EpochVerdict.TRIAL_ENDED);
    }

    @Test
    void theLastEpochIsNeverPruned() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        SearchSession s = session(Pruner.median(0, 1), store);
        finish(s, "a", 0.9);
        Trial b = s.nextTrial("b");
        assertThat(report(s, b, EPOCHS - 1, 0.1)).isEqualTo(SearchSession.EpochVerdict.GO_ON);
    }

    @Test
    void successiveHalvingKeepsTheBestOfEachRung() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        SearchSession s = session(Pruner.successiveHalving(1, 2), store);
        Trial first = s.nextTrial("a");
        assertThat(report(s, first, 0, 0.3)).as("alone at its rung").isEqualTo(SearchSession.EpochVerdict.GO_ON);
        Trial second = s.nextTrial("b");
        assertThat(report(s, second, 0, 0.2)).as("not the best of 2").isEqualTo(SearchSession.EpochVerdict.TRIAL_ENDED);
        Trial third = s.nextTrial("b");
        assertThat(report(s, third, 0, 0.4)).as("the best of 3").isEqualTo(SearchSession.EpochVerdict.GO_ON);
        Trial fourth = s.nextTrial("c");
        assertThat(report(s, fourth, 0, 0.35)).as("second of 4: within the best 2")
                .isEqualTo(SearchSession.EpochVerdict.GO_ON);
        assertThat(report(s, fourth, 1, 0.45)).as("epoch 2 is a rung: alone there")
                .isEqualTo(SearchSession.EpochVerdict.GO_ON);
        assertThat(report(s, third, 1, 0.3)).as("its best so far, 0.4, is worse than the fourth's at rung 1")
                .isEqualTo(SearchSession.EpochVerdict.TRIAL_ENDED);
    }

    @Test
    void aSuccessiveHalvingDecisionReportedAgainAfterARestartStands() {
        InMemoryTrialStore store = new InMemoryTrialStore();
        SearchSession s = session(Pruner.successiveHalving(1, 2), store);
        finish(s, "a", 0.5);
        Trial b = s.nextTrial("b");
        assertThat(report(s, b, 0, 0.6)).as("above the cutoff 0.5 of the one other trial at rung 0")
                .isEqualTo(SearchSession.EpochVerdict.GO_ON);
        finish(s, "c", 0.9);
        finish(s, "d", 0.95);

        // decided afresh, 0.6 would now fall below the cutoff 0.9 of the three others at rung 0
        SearchSession resumed = session(Pruner.successiveHalving(1, 2), store);
        assertThat(report(resumed, b, 0, 0.6)).isEqualTo(SearchSession.EpochVerdict.GO_ON);
        assertThat(resumed.oracle().getTrial(b.id()).status()).isEqualTo(TrialStatus.RUNNING);

        assertThat(report(resumed, b, 1, 0.61)).as("rung 1: below the cutoff 0.9 of a, c and d")
                .isEqualTo(SearchSession.EpochVerdict.TRIAL_ENDED);
        Trial pruned = resumed.oracle().getTrial(b.id());
        assertThat(pruned.status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(pruned.message()).contains("rung 1").contains("0.610000").contains("0.900000");
    }
}
