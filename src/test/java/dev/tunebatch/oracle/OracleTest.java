package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.IntOptions;
import dev.tunebatch.oracle.OracleFixtures.StubOracle;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tunebatch.oracle.OracleFixtures.VAL_LOSS;
import static dev.tunebatch.oracle.OracleFixtures.complete;
import static dev.tunebatch.oracle.OracleFixtures.config;
import static dev.tunebatch.oracle.OracleFixtures.end;
import static dev.tunebatch.oracle.OracleFixtures.randomX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The oracle base: trial life cycle, retries, failures, ranking, duplicates, the space. */
class OracleTest {

    // ------------------------------------------------------------------ ids

    @ParameterizedTest
    @CsvSource({"5, 0", "9, 0", "10, 00", "30, 00", "99, 00", "100, 000", "1000, 0000"})
    void trialIdsArePaddedToTheWidthOfMaxTrials(int maxTrials, String firstId) {
        assertThat(randomX(VAL_LOSS, maxTrials, 1, 0).trialId(0)).isEqualTo(firstId);
    }

    @Test
    void withoutMaxTrialsIdsHaveFourDigits() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, null, 1, 0);
        assertThat(oracle.trialId(0)).isEqualTo("0000");
        assertThat(oracle.trialId(42)).isEqualTo("0042");
        assertThat(oracle.createTrial("a").id()).isEqualTo("0000");
        assertThat(oracle.createTrial("b").id()).isEqualTo("0001");
        assertThat(oracle.remainingTrials()).isNull();
    }

    @Test
    void idsGrowPastTheirPadding() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 5, 1, 0);
        assertThat(oracle.trialId(12)).isEqualTo("12");
        RandomSearchOracle ten = randomX(VAL_LOSS, 10, 1, 0);
        assertThat(ten.createTrial("a").id()).isEqualTo("00");
        assertThat(ten.createTrial("b").id()).isEqualTo("01");
    }

    @Test
    void idsAreAsciiWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));
            RandomSearchOracle oracle = randomX(VAL_LOSS, 100, 1, 0);
            assertThat(oracle.trialId(7)).isEqualTo("007");
            assertThat(oracle.createTrial("a").id()).isEqualTo("000");
        } finally {
            Locale.setDefault(saved);
        }
    }

    // ------------------------------------------------------------------ handing out trials

    @Test
    void theSameTunerGetsItsOngoingTrialBack() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 1);
        Trial first = oracle.createTrial("a");
        Trial again = oracle.createTrial("a");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.hyperparameters().values()).isEqualTo(first.hyperparameters().values());
        Trial other = oracle.createTrial("b");
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(oracle.trials()).hasSize(2);
        assertThat(oracle.ongoingTrialIds()).containsExactlyInAnyOrder(first.id(), other.id());
    }

    @Test
    void handedOutTrialsAreSnapshots() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 0);
        Trial t = oracle.createTrial("a");
        t.setStatus(TrialStatus.COMPLETED);
        t.hyperparameters().putValue("x", 0.123);
        Trial stored = oracle.getTrial(t.id());
        assertThat(stored.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(stored.hyperparameters().get("x")).isNotEqualTo(0.123);
    }

    @Test
    void idleAndStoppedTrialsAreNotStoredAndTheirIdsAreReused() {
        List<Proposal> script = new ArrayList<>(List.of(Proposal.idle(), Proposal.run(Map.of("hp1", 1)),
                Proposal.stopped(), Proposal.run(Map.of("hp1", 2))));
        StubOracle oracle = new StubOracle(config(VAL_LOSS, null, 1, 0), o -> script.remove(0));
        Trial idle = oracle.createTrial("a");
        assertThat(idle.status()).isEqualTo(TrialStatus.IDLE);
        assertThat(idle.id()).isEqualTo("0000");
        assertThat(oracle.trials()).isEmpty();
        Trial running = oracle.createTrial("a");
        assertThat(running.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(running.id()).isEqualTo("0000");
        assertThat(running.hyperparameters().values()).containsEntry("hp1", 1);
        Trial stopped = oracle.createTrial("b");
        assertThat(stopped.status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(stopped.id()).isEqualTo("0001");
        assertThat(oracle.ongoingTrialIds()).containsExactly("0000");
        Trial next = oracle.createTrial("b");
        assertThat(next.id()).isEqualTo("0001");
        assertThat(oracle.trials()).extracting(Trial::id).containsExactly("0000", "0001");
    }

    @Test
    void reachingMaxTrialsStopsWithoutAskingTheAlgorithm() {
        AtomicInteger asked = new AtomicInteger();
        StubOracle oracle = new StubOracle(config(VAL_LOSS, 2, 1, 0),
                o -> Proposal.run(Map.of("hp1", asked.incrementAndGet())));
        complete(oracle, oracle.createTrial("a"), "val_loss", 1.0);
        assertThat(oracle.remainingTrials()).isEqualTo(1);
        complete(oracle, oracle.createTrial("a"), "val_loss", 2.0);
        assertThat(oracle.remainingTrials()).isZero();
        Trial stopped = oracle.createTrial("a");
        assertThat(stopped.status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(stopped.hyperparameters().values()).isEmpty();
        assertThat(asked).hasValue(2);
        assertThat(oracle.trials()).hasSize(2);
    }

    // ------------------------------------------------------------------ metrics and scores

    @Test
    void missingObjectiveIsRejected() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 0);
        Trial t = oracle.createTrial("a");
        assertThatThrownBy(() -> oracle.updateTrial(t.id(), Map.of("loss", 1.0), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Objective value missing in metrics reported to the Oracle, expected: [val_loss], "
                        + "found: [loss]");
        assertThatThrownBy(() -> oracle.updateTrial("99", Map.of("val_loss", 1.0), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'99'");
    }

    @Test
    void scoreIsTheBestValueOverSteps() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 0);
        Trial t = oracle.createTrial("a");
        oracle.updateTrial(t.id(), Map.of("val_loss", 0.5), 0);
        oracle.updateTrial(t.id(), Map.of("val_loss", 0.3), 1);
        oracle.updateTrial(t.id(), Map.of("val_loss", 0.4), 2);
        t.setStatus(TrialStatus.COMPLETED);
        Trial ended = oracle.endTrial(t);
        assertThat(ended.status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(ended.score()).isEqualTo(0.3);
        assertThat(ended.bestStep()).isEqualTo(1);
        assertThat(ended.metrics().lastValue("val_loss")).isEqualTo(0.4);

        ObjectiveSpec acc = ObjectiveSpec.single("val_acc", MetricDirection.MAX);
        RandomSearchOracle max = randomX(acc, 10, 1, 0);
        Trial m = max.createTrial("a");
        max.updateTrial(m.id(), Map.of("val_acc", 0.5), 0);
        max.updateTrial(m.id(), Map.of("val_acc", 0.3), 1);
        m.setStatus(TrialStatus.COMPLETED);
        assertThat(max.endTrial(m).score()).isEqualTo(0.5);
    }

    @Test
    void metricDirectionsComeFromTheObjectiveThenInference() {
        ObjectiveSpec score = ObjectiveSpec.single("score", MetricDirection.MAX);
        RandomSearchOracle oracle = randomX(score, 10, 1, 0);
        Trial t = oracle.createTrial("a");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("score", 1.0);
        metrics.put("val_accuracy", 0.5);
        metrics.put("custom", 2.0);
        metrics.put("val_loss", 0.1);
        Trial updated = oracle.updateTrial(t.id(), metrics, 0);
        Map<String, MetricHistory> m = updated.metrics().metrics();
        assertThat(m.get("score").direction()).isEqualTo(MetricDirection.MAX);
        assertThat(m.get("val_accuracy").direction()).isEqualTo(MetricDirection.MAX);
        assertThat(m.get("custom").direction()).isEqualTo(MetricDirection.MIN);
        assertThat(m.get("val_loss").direction()).isEqualTo(MetricDirection.MIN);
    }

    @Test
    void multiObjectiveNeedsItsComponentsAndComputesItsValue() {
        ObjectiveSpec multi = ObjectiveSpec.multi(List.of(
                ObjectiveSpec.single("val_reward", MetricDirection.MAX),
                ObjectiveSpec.single("my_gain", MetricDirection.MAX),
                ObjectiveSpec.single("val_loss", MetricDirection.MIN)));
        RandomSearchOracle oracle = randomX(multi, 10, 1, 0);
        Trial t = oracle.createTrial("a");
        Trial updated = oracle.updateTrial(t.id(), Map.of("val_reward", 0.75, "my_gain", 0.5, "val_loss", 0.25), 0);
        assertThat(updated.metrics().bestValue("multi_objective")).isEqualTo(0.25 - 0.75 - 0.5);
        Map<String, MetricHistory> m = updated.metrics().metrics();
        assertThat(m.get("multi_objective").direction()).isEqualTo(MetricDirection.MIN);
        assertThat(m.get("my_gain").direction()).isEqualTo(MetricDirection.MAX);
        assertThat(m.get("val_reward").direction()).isEqualTo(MetricDirection.MAX);
        t.setStatus(TrialStatus.COMPLETED);
        assertThat(oracle.endTrial(t).score()).isEqualTo(-1.0);

        Trial given = oracle.createTrial("a");
        oracle.updateTrial(given.id(), Map.of("val_reward", 0.75, "my_gain", 0.5, "val_loss", 0.25,
                "multi_objective", 0.5), 0);
        given.setStatus(TrialStatus.COMPLETED);
        assertThat(oracle.endTrial(given).score()).isEqualTo(0.5);

        Trial missing = oracle.createTrial("a");
        assertThatThrownBy(() -> oracle.updateTrial(missing.id(), Map.of("val_reward", 1.0, "multi_objective", 0.1),
                0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Objective value missing in metrics reported to the Oracle, expected: "
                        + "[val_reward, my_gain, val_loss], found: ");
    }

    @Test
    void nanScoreMarksTheTrialInvalid() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 1);
        Trial t = oracle.createTrial("a");
        oracle.updateTrial(t.id(), Map.of("val_loss", Double.NaN), 0);
        Trial ended = end(oracle, t, TrialStatus.COMPLETED, "error1");
        assertThat(ended.status()).isEqualTo(TrialStatus.INVALID);
        assertThat(ended.score()).isNull();
        assertThat(ended.message()).isEqualTo("error1");
        assertThat(oracle.getTrial(t.id()).status()).isEqualTo(TrialStatus.INVALID);

        RandomSearchOracle noRetry = randomX(VAL_LOSS, 10, 1, 0);
        Trial n = noRetry.createTrial("a");
        noRetry.updateTrial(n.id(), Map.of("val_loss", Double.NaN), 0);
        n.setStatus(TrialStatus.COMPLETED);
        Trial failed = noRetry.endTrial(n);
        assertThat(failed.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(failed.message()).contains("val_loss").contains("NaN");
    }

    @Test
    void completedWithoutTheObjectiveIsInvalid() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 1);
        Trial t = oracle.createTrial("a");
        t.setStatus(TrialStatus.COMPLETED);
        assertThat(oracle.endTrial(t).status()).isEqualTo(TrialStatus.INVALID);
    }

    // ------------------------------------------------------------------ retries

    @Test
    void invalidTrialsAreNotRetriedByDefault() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 0);
        Trial t1 = oracle.createTrial("a");
        assertThat(oracle.retriesLeft(t1.id())).isEqualTo(1);
        Trial ended = end(oracle, t1, TrialStatus.INVALID, "error1");
        assertThat(ended.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(oracle.retriesLeft(t1.id())).isZero();
        Trial t2 = oracle.createTrial("a");
        assertThat(t2.id()).isNotEqualTo(t1.id());
    }

    @Test
    void invalidTrialsAreRetriedWithTheSameIdAndValues() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 1);
        Trial t1 = oracle.createTrial("a");
        Trial ended = end(oracle, t1, TrialStatus.INVALID, "error1");
        assertThat(ended.status()).isEqualTo(TrialStatus.INVALID);
        assertThat(ended.runCount()).isEqualTo(1);
        assertThat(oracle.retriesLeft(t1.id())).isEqualTo(1);

        Trial t2 = oracle.createTrial("a");
        assertThat(t2.id()).isEqualTo(t1.id());
        assertThat(t2.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(t2.hyperparameters().values()).isEqualTo(t1.hyperparameters().values());

        Trial t3 = oracle.createTrial("b");
        assertThat(t3.id()).isNotEqualTo(t1.id());

        Trial again = end(oracle, t2, TrialStatus.INVALID, "error2");
        assertThat(again.status()).isEqualTo(TrialStatus.FAILED);
        assertThat(again.runCount()).isEqualTo(2);
        assertThat(again.message()).isEqualTo("error2");
        assertThat(oracle.createTrial("a").id()).isNotIn(t1.id(), t3.id());
    }

    @Test
    void theRetryQueueIsLastInFirstOut() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 1);
        Trial a = oracle.createTrial("a");
        Trial b = oracle.createTrial("b");
        end(oracle, a, TrialStatus.INVALID, "x");
        end(oracle, b, TrialStatus.INVALID, "y");
        assertThat(oracle.createTrial("c").id()).isEqualTo(b.id());
        assertThat(oracle.createTrial("d").id()).isEqualTo(a.id());
        assertThat(oracle.createTrial("e").id()).isEqualTo("02");
    }

    @Test
    void failedTrialsAreNeverRetried() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 1);
        Trial t1 = oracle.createTrial("a");
        assertThat(end(oracle, t1, TrialStatus.FAILED, "error1").status()).isEqualTo(TrialStatus.FAILED);
        assertThat(oracle.createTrial("a").id()).isNotEqualTo(t1.id());
    }

    @Test
    void endingIsAllowedOncePerRunAndOnlyWithAFinalStatus() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 2);
        Trial t = oracle.createTrial("a");
        t.setStatus(TrialStatus.RUNNING);
        assertThatThrownBy(() -> oracle.endTrial(t)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(t.id()).hasMessageContaining("RUNNING");
        assertThat(oracle.ongoingTrialIds()).containsExactly(t.id());
        end(oracle, t, TrialStatus.INVALID, "boom");
        // a second end of the same run would queue the trial twice and hand it to two workers
        assertThatThrownBy(() -> end(oracle, t, TrialStatus.INVALID, "boom"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(t.id());
        Trial retry = oracle.createTrial("b");
        assertThat(retry.id()).isEqualTo(t.id());
        assertThat(oracle.createTrial("c").id()).isNotEqualTo(t.id());
        Trial unknown = new Trial("77", new HyperParameters(), TrialStatus.COMPLETED);
        assertThatThrownBy(() -> oracle.endTrial(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'77'");
    }

    // ------------------------------------------------------------------ consecutive failures

    @Test
    void failuresWithinTheLimitDoNotAbort() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, null, 1, 2);
        for (int i = 0; i < 6; i++) {
            Trial t = oracle.createTrial("a");
            end(oracle, t, TrialStatus.INVALID, "error1");
            assertThatCode(oracle::checkConsecutiveFailures).doesNotThrowAnyException();
        }
        for (int i = 0; i < 3; i++) {
            complete(oracle, oracle.createTrial("a"), "val_loss", 0.5);
            assertThatCode(oracle::checkConsecutiveFailures).doesNotThrowAnyException();
        }
        assertThat(oracle.trials()).extracting(Trial::status).containsExactly(TrialStatus.FAILED,
                TrialStatus.FAILED, TrialStatus.COMPLETED, TrialStatus.COMPLETED, TrialStatus.COMPLETED);
        assertThat(oracle.trials()).extracting(Trial::runCount).containsExactly(3, 3, 1, 1, 1);
    }

    @Test
    void tooManyConsecutiveFailuresAbortWithTheLastMessage() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, null, 1, 2);
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "first_error");
        oracle.checkConsecutiveFailures();
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "second_error");
        oracle.checkConsecutiveFailures();
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "custom_error_info");
        assertThatThrownBy(oracle::checkConsecutiveFailures)
                .isInstanceOf(ConsecutiveFailuresException.class)
                .isInstanceOf(RuntimeException.class)
                .hasMessageStartingWith("Number of consecutive failures exceeded the limit of 3.")
                .hasMessage("Number of consecutive failures exceeded the limit of 3.\ncustom_error_info")
                .satisfies(e -> assertThat(((ConsecutiveFailuresException) e).limit()).isEqualTo(3));
    }

    @Test
    void aCompletedTrialResetsTheFailureRun() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, null, 1, 0);
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "e");
        end(oracle, oracle.createTrial("a"), TrialStatus.INVALID, "e");
        complete(oracle, oracle.createTrial("a"), "val_loss", 1.0);
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "e");
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "e");
        assertThatCode(oracle::checkConsecutiveFailures).doesNotThrowAnyException();
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, null);
        assertThatThrownBy(oracle::checkConsecutiveFailures)
                .hasMessage("Number of consecutive failures exceeded the limit of 3.\n");
    }

    @Test
    void failuresCountInEndOrderNotCreationOrder() {
        OracleConfig cfg = new OracleConfig(VAL_LOSS, null, 1, 0, 2, 20, true, true);
        RandomSearchOracle oracle = OracleFixtures.random(cfg, hp -> hp.floatParam("x", 0, 1));
        Trial a = oracle.createTrial("a");
        Trial b = oracle.createTrial("b");
        Trial c = oracle.createTrial("c");
        end(oracle, a, TrialStatus.FAILED, "a failed");
        complete(oracle, c, "val_loss", 1.0);
        end(oracle, b, TrialStatus.FAILED, "b failed");
        assertThatCode(oracle::checkConsecutiveFailures).doesNotThrowAnyException();
        end(oracle, oracle.createTrial("a"), TrialStatus.FAILED, "d failed");
        assertThatThrownBy(oracle::checkConsecutiveFailures).hasMessageEndingWith("d failed")
                .hasMessageStartingWith("Number of consecutive failures exceeded the limit of 2.");
    }

    // ------------------------------------------------------------------ best trials

    @Test
    void bestTrialIgnoresNanScores() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, null, 1, 1);
        Random rnd = new Random(5);
        for (int i = 0; i < 10; i++) {
            complete(oracle, oracle.createTrial("a"), "val_loss", rnd.nextDouble());
        }
        Trial best = complete(oracle, oracle.createTrial("a"), "val_loss", -0.1);
        Trial nan = oracle.createTrial("a");
        oracle.updateTrial(nan.id(), Map.of("val_loss", Double.NaN), 0);
        nan.setStatus(TrialStatus.COMPLETED);
        oracle.endTrial(nan);
        assertThat(oracle.getBestTrials(1)).extracting(Trial::id).containsExactly(best.id());
        assertThat(oracle.getBestTrials(100)).hasSize(12).last().extracting(Trial::id).isEqualTo(nan.id());
    }

    @Test
    void bestTrialsAreCompletedFirstStablyThenTheOthersInCreationOrder() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, null, 1, 1);
        Trial t0 = oracle.createTrial("t0");
        Trial t1 = oracle.createTrial("t1");
        Trial t2 = oracle.createTrial("t2");
        Trial t3 = oracle.createTrial("t3");
        Trial t4 = oracle.createTrial("t4");
        Trial t5 = oracle.createTrial("t5");
        complete(oracle, t0, "val_loss", 0.5);
        complete(oracle, t2, "val_loss", 0.2);
        end(oracle, t3, TrialStatus.FAILED, "f");
        complete(oracle, t4, "val_loss", 0.5);
        end(oracle, t5, TrialStatus.INVALID, "i");
        assertThat(oracle.getBestTrials(10)).extracting(Trial::id)
                .containsExactly(t2.id(), t0.id(), t4.id(), t1.id(), t3.id(), t5.id());
        assertThat(oracle.getBestTrials(2)).extracting(Trial::id).containsExactly(t2.id(), t0.id());
        assertThat(oracle.getBestTrials(3)).extracting(Trial::id).containsExactly(t2.id(), t0.id(), t4.id());
        assertThat(oracle.getBestTrials(0)).isEmpty();
    }

    @Test
    void maximisedObjectivesRankDescendingWithStableTies() {
        ObjectiveSpec reward = ObjectiveSpec.single("val_reward", MetricDirection.MAX);
        RandomSearchOracle oracle = randomX(reward, null, 1, 0);
        Trial t0 = complete(oracle, oracle.createTrial("a"), "val_reward", 0.5);
        Trial t1 = complete(oracle, oracle.createTrial("a"), "val_reward", 0.2);
        Trial t2 = complete(oracle, oracle.createTrial("a"), "val_reward", 0.5);
        Trial t3 = complete(oracle, oracle.createTrial("a"), "val_reward", 0.9);
        assertThat(oracle.getBestTrials(4)).extracting(Trial::id)
                .containsExactly(t3.id(), t0.id(), t2.id(), t1.id());
    }

    // ------------------------------------------------------------------ duplicates

    @Test
    void ongoingValuesCountAsTried() {
        List<Boolean> checks = new ArrayList<>();
        StubOracle oracle = new StubOracle(config(VAL_LOSS, null, 1, 0), o -> {
            Map<String, Object> values = Map.of("hp1", 1);
            if (!o.ongoingTrialIds().isEmpty()) {
                checks.add(o.tried(values));
            }
            return Proposal.run(values);
        });
        oracle.createTrial("a");
        oracle.createTrial("b");
        assertThat(checks).containsExactly(true);
        assertThat(oracle.ongoingTrialIds()).hasSize(2);
    }

    @Test
    void distinctValuesAreNotTried() {
        List<Boolean> checks = new ArrayList<>();
        StubOracle oracle = new StubOracle(config(VAL_LOSS, null, 1, 0), o -> {
            Map<String, Object> values = Map.of("hp1", o.ongoingTrialIds().size());
            checks.add(o.tried(values));
            return Proposal.run(values);
        });
        oracle.createTrial("a");
        oracle.createTrial("b");
        assertThat(checks).containsExactly(false, false);
    }

    @Test
    void newValuesAddedDuringATrialChangeItsDuplicateKey() {
        List<String> log = new ArrayList<>();
        StubOracle oracle = new StubOracle(config(VAL_LOSS, null, 1, 0), o -> {
            Map<String, Object> values = new LinkedHashMap<>(Map.of("hp1", 1));
            log.add("hp1 tried=" + o.tried(values));
            if (o.trials().stream().anyMatch(t -> t.status() == TrialStatus.COMPLETED)) {
                values.put("hp2", 2);
                log.add("hp1+hp2 tried=" + o.tried(values));
            }
            return Proposal.run(values);
        });
        Trial t = oracle.createTrial("a");
        t.hyperparameters().putValue("hp2", 2);
        complete(oracle, t, "val_loss", 3.0);
        oracle.createTrial("b");
        assertThat(log).containsExactly("hp1 tried=false", "hp1 tried=false", "hp1+hp2 tried=true");
        assertThat(oracle.trials()).hasSize(2);
    }

    // ------------------------------------------------------------------ the space

    @Test
    void updateSpaceAddsOnlyUnknownHyperparameters() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, null, 1, 0);
        long before = oracle.revision();
        HyperParameters hps = oracle.getSpace();
        hps.floatParam("x", 5, 10);
        hps.intParam("layers", 1, 3);
        try (HyperParameters.ConditionalScope scope = hps.openConditionalScope("layers", List.of(2))) {
            assertThat(scope.active()).isFalse();
            hps.intParam("units", 1, 4);
        }
        oracle.updateSpace(hps);
        HyperParameters space = oracle.getSpace();
        assertThat(space.space()).extracting(h -> h.name()).containsExactly("x", "layers", "units");
        assertThat(space.values()).containsOnlyKeys("x", "layers");
        assertThat(oracle.revision()).isGreaterThan(before);
        long after = oracle.revision();
        oracle.updateSpace(hps);
        assertThat(oracle.getSpace().space()).hasSize(3);
        assertThat(oracle.revision()).isEqualTo(after);
    }

    @Test
    void newEntriesAreRejectedWhenNotAllowed() {
        HyperParameters initial = new HyperParameters();
        initial.floatParam("x", 0, 1);
        OracleConfig cfg = new OracleConfig(VAL_LOSS, null, 1, 0, 3, 20, false, false);
        RandomSearchOracle oracle = new RandomSearchOracle(cfg, initial);
        assertThat(oracle.getSpace().space()).extracting(h -> h.name()).containsExactly("x");

        HyperParameters extra = oracle.getSpace();
        extra.intParam("units", 1, 4);
        assertThatThrownBy(() -> oracle.updateSpace(extra))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("units").hasMessageContaining("allowNewEntries");
        assertThat(oracle.getSpace().space()).hasSize(1);
        // re-declaring known ones is fine
        oracle.updateSpace(initial);

        Trial t = oracle.createTrial("a");
        t.hyperparameters().intParam("units", 1, 4);
        oracle.updateTrial(t.id(), Map.of("val_loss", 1.0), 0);
        t.setStatus(TrialStatus.COMPLETED);
        assertThatThrownBy(() -> oracle.endTrial(t)).isInstanceOf(IllegalStateException.class);
        Trial stored = oracle.getTrial(t.id());
        assertThat(stored.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(stored.score()).isNull();
        assertThat(oracle.ongoingTrialIds()).containsExactly(t.id());
        assertThat(oracle.createTrial("a").id()).isEqualTo(t.id());
    }

    @Test
    void untunedNewEntriesAreIgnored() {
        HyperParameters initial = new HyperParameters();
        initial.floatParam("x", 0, 1);
        OracleConfig cfg = new OracleConfig(VAL_LOSS, null, 1, 0, 3, 20, true, false);
        RandomSearchOracle oracle = new RandomSearchOracle(cfg, initial);
        Trial t = oracle.createTrial("a");
        t.hyperparameters().intParam("units", 1, 4, IntOptions.defaults().defaultValue(3));
        complete(oracle, t, "val_loss", 1.0);
        assertThat(oracle.getSpace().declares("units")).isFalse();
        assertThat(oracle.createTrial("a").hyperparameters().values()).containsOnlyKeys("x");
    }

    @Test
    void restrictedNewEntriesNeedAnInitialSpace() {
        OracleConfig noNew = new OracleConfig(VAL_LOSS, null, 1, 0, 3, 20, false, false);
        assertThatThrownBy(() -> new RandomSearchOracle(noNew))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial search space");
        OracleConfig untuned = new OracleConfig(VAL_LOSS, null, 1, 0, 3, 20, true, false);
        assertThatThrownBy(() -> new RandomSearchOracle(untuned, new HyperParameters()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial search space");
        assertThat(new OracleConfig(VAL_LOSS, null, 1, 0, 3, 20, false, true).tuneNewEntries()).isFalse();
    }

    @Test
    void changesListTheTrialsTouchedSinceLastAsked() {
        RandomSearchOracle oracle = randomX(VAL_LOSS, 10, 1, 0);
        oracle.takeChanges();
        Trial a = oracle.createTrial("a");
        Trial b = oracle.createTrial("b");
        OracleChanges changes = oracle.takeChanges();
        assertThat(changes.trials()).extracting(Trial::id).containsExactly(a.id(), b.id());
        assertThat(changes.state()).containsEntry("kind", "random");
        assertThat(oracle.takeChanges().trials()).isEmpty();
        complete(oracle, b, "val_loss", 0.25);
        assertThat(oracle.takeChanges().trials()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(b.id());
            assertThat(t.score()).isEqualTo(0.25);
        });
    }
}
