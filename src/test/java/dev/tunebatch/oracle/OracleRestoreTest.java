package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.OracleFixtures.Stored;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static dev.tunebatch.oracle.OracleFixtures.VAL_LOSS;
import static dev.tunebatch.oracle.OracleFixtures.complete;
import static dev.tunebatch.oracle.OracleFixtures.config;
import static dev.tunebatch.oracle.OracleFixtures.end;
import static dev.tunebatch.oracle.OracleFixtures.random;
import static dev.tunebatch.oracle.OracleFixtures.store;
import static dev.tunebatch.oracle.OracleFixtures.viaJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** state() + trials through JSON, then restore() into a fresh oracle. */
class OracleRestoreTest {

    private static final Consumer<HyperParameters> SPACE = hp -> {
        hp.floatParam("x", 0, 1);
        hp.choice("batch", List.of(16L, 32L, 64L));
        hp.booleanParam("bn");
    };

    private static RandomSearchOracle fresh(Integer maxTrials, int retries) {
        return new RandomSearchOracle(config(VAL_LOSS, maxTrials, 999, retries));
    }

    @Test
    void runningTrialsAreRequeuedWithTheirIdsAndHyperparameters() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 10, 7, 1), SPACE);
        complete(oracle, oracle.createTrial("a"), "val_loss", 0.5);
        complete(oracle, oracle.createTrial("a"), "val_loss", 0.25);
        Trial invalid = oracle.createTrial("a");
        end(oracle, invalid, TrialStatus.INVALID, "crashed");
        Trial retried = oracle.createTrial("q");
        assertThat(retried.id()).isEqualTo(invalid.id());
        Trial runningB = oracle.createTrial("b");
        Trial runningC = oracle.createTrial("c");
        Stored stored = store(oracle);

        RandomSearchOracle restored = fresh(10, 1);
        restored.restore(stored.state(), stored.trials(), true);

        assertThat(restored.trials()).extracting(Trial::toConfig)
                .isEqualTo(oracle.trials().stream().map(Trial::toConfig).toList());
        assertThat(viaJson(restored.state())).isEqualTo(stored.state());
        assertThat(restored.ongoingTrialIds()).isEmpty();
        assertThat(restored.getSpace().toConfig()).isEqualTo(oracle.getSpace().toConfig());

        Set<String> handedOut = new HashSet<>();
        for (String tuner : List.of("x", "y", "z")) {
            Trial t = restored.createTrial(tuner);
            handedOut.add(t.id());
            Trial before = oracle.getTrial(t.id());
            assertThat(t.hyperparameters().values()).isEqualTo(before.hyperparameters().values());
            assertThat(t.hyperparameters().values().get("batch")).isInstanceOf(Long.class);
        }
        assertThat(handedOut).containsExactlyInAnyOrder(retried.id(), runningB.id(), runningC.id());
        Trial fresh = restored.createTrial("w");
        assertThat(fresh.id()).isEqualTo("05");

        // the random stream resumed where it was: the restored oracle proposes what the original would have
        Trial originalNext = oracle.createTrial("w");
        assertThat(originalNext.id()).isEqualTo("05");
        assertThat(fresh.hyperparameters().values()).isEqualTo(originalNext.hyperparameters().values());
    }

    @Test
    void lastHandedOutRunningTrialComesBackFirst() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 10, 7, 1), SPACE);
        Trial a = oracle.createTrial("a");
        Trial b = oracle.createTrial("b");
        end(oracle, a, TrialStatus.INVALID, "crash");
        Stored stored = store(oracle);
        RandomSearchOracle restored = fresh(10, 1);
        restored.restore(stored.state(), stored.trials(), true);
        // running trials are re-queued after the pending retries, so they come back first
        assertThat(restored.createTrial("x").id()).isEqualTo(b.id());
        assertThat(restored.createTrial("y").id()).isEqualTo(a.id());
        assertThat(restored.createTrial("z").id()).isEqualTo("02");
    }

    @Test
    void runningTrialsStayPutWhenNotRequeued() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 10, 7, 0), SPACE);
        Trial running = oracle.createTrial("a");
        Stored stored = store(oracle);
        RandomSearchOracle restored = fresh(10, 0);
        restored.restore(stored.state(), stored.trials(), false);
        Trial next = restored.createTrial("a");
        assertThat(next.id()).isNotEqualTo(running.id());
        assertThat(restored.getTrial(running.id()).status()).isEqualTo(TrialStatus.RUNNING);
        // whoever resumes it may still end it
        Trial resumed = restored.getTrial(running.id());
        assertThat(complete(restored, resumed, "val_loss", 0.1).status()).isEqualTo(TrialStatus.COMPLETED);
    }

    @Test
    void retriesAndRunCountsSurvive() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 10, 7, 1), SPACE);
        Trial t = oracle.createTrial("a");
        end(oracle, t, TrialStatus.INVALID, "first crash");
        Stored stored = store(oracle);
        RandomSearchOracle restored = fresh(10, 1);
        restored.restore(stored.state(), stored.trials(), true);
        Trial retry = restored.createTrial("a");
        assertThat(retry.id()).isEqualTo(t.id());
        assertThat(retry.runCount()).isEqualTo(1);
        assertThat(end(restored, retry, TrialStatus.INVALID, "second crash").status()).isEqualTo(TrialStatus.FAILED);
    }

    @Test
    void aFinishedSearchContinuesWithNewIdsWhenGivenMoreTrials() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 5, 3, 0), SPACE);
        for (int i = 0; i < 5; i++) {
            complete(oracle, oracle.createTrial("a"), "val_loss", i);
        }
        assertThat(oracle.createTrial("a").status()).isEqualTo(TrialStatus.STOPPED);
        Stored stored = store(oracle);

        RandomSearchOracle again = fresh(5, 0);
        again.restore(stored.state(), stored.trials(), true);
        assertThat(again.createTrial("a").status()).isEqualTo(TrialStatus.STOPPED);

        RandomSearchOracle more = fresh(5, 0);
        more.restore(stored.state(), stored.trials(), true);
        more.reconfigure(more.config().withMaxTrials(8));
        assertThat(more.config().seed()).isEqualTo(3);
        assertThat(more.remainingTrials()).isEqualTo(3);
        Set<Map<String, Object>> values = new HashSet<>();
        oracle.trials().forEach(t -> values.add(t.hyperparameters().values()));
        for (String expected : List.of("5", "6", "7")) {
            Trial t = more.createTrial("a");
            assertThat(t.id()).isEqualTo(expected);
            assertThat(values.add(t.hyperparameters().values())).as("new values for %s", expected).isTrue();
            complete(more, t, "val_loss", 1.0);
        }
        assertThat(more.createTrial("a").status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(more.trials()).hasSize(8);
    }

    @Test
    void restoringIntoAnotherKindOfOracleFailsClearly() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 5, 3, 0), SPACE);
        complete(oracle, oracle.createTrial("a"), "val_loss", 1.0);
        Stored stored = store(oracle);
        Oracle bayes = new Oracle(config(VAL_LOSS, 5, 3, 0)) {
            @Override
            public String kind() {
                return "bayesian";
            }

            @Override
            protected Proposal populateSpace(String trialId) {
                return Proposal.stopped();
            }
        };
        assertThatThrownBy(() -> bayes.restore(stored.state(), stored.trials(), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'random'").hasMessageContaining("'bayesian'")
                .hasMessageContaining("overwrite");
        assertThat(bayes.trials()).isEmpty();
    }

    @Test
    void nanObservationsSurviveJson() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, 5, 3, 1), SPACE);
        Trial t = oracle.createTrial("a");
        oracle.updateTrial(t.id(), Map.of("val_loss", Double.NaN), 0);
        oracle.updateTrial(t.id(), Map.of("val_loss", 0.5), 1);
        complete(oracle, oracle.createTrial("b"), "val_loss", Double.NaN);
        Stored stored = store(oracle);
        RandomSearchOracle restored = fresh(5, 1);
        restored.restore(stored.state(), stored.trials(), true);
        Trial back = restored.getTrial(t.id());
        assertThat(back.metrics().metrics().get("val_loss").history()).containsEntry(1, 0.5);
        assertThat(back.metrics().metrics().get("val_loss").history().get(0)).isNaN();
        assertThat(back.metrics().bestValue("val_loss")).isEqualTo(0.5);
        assertThat(restored.trials().get(1).status()).isEqualTo(TrialStatus.INVALID);
    }

    @Test
    void consecutiveFailuresCountAcrossARestore() {
        RandomSearchOracle oracle = random(config(VAL_LOSS, null, 3, 0), SPACE);
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "one");
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "two");
        Stored stored = store(oracle);
        RandomSearchOracle restored = fresh(null, 0);
        restored.restore(stored.state(), stored.trials(), true);
        restored.checkConsecutiveFailures();
        end(restored, restored.createTrial("a"), TrialStatus.FAILED, "three");
        assertThatThrownBy(restored::checkConsecutiveFailures)
                .hasMessage("Number of consecutive failures exceeded the limit of 3.\nthree");
    }
}
