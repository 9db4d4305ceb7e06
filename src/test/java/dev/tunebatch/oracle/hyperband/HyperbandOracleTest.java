package dev.tunebatch.oracle.hyperband;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.support.OracleHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tunebatch.oracle.hyperband.HyperbandOracle.BRACKET;
import static dev.tunebatch.oracle.hyperband.HyperbandOracle.EPOCHS;
import static dev.tunebatch.oracle.hyperband.HyperbandOracle.INITIAL_EPOCH;
import static dev.tunebatch.oracle.hyperband.HyperbandOracle.PARENT_TRIAL_ID;
import static dev.tunebatch.oracle.hyperband.HyperbandOracle.ROUND;
import static dev.tunebatch.oracle.support.OracleHarness.complete;
import static dev.tunebatch.oracle.support.OracleHarness.noModel;
import static dev.tunebatch.oracle.support.OracleHarness.runSequentially;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HyperbandOracleTest {

    private static HyperbandOracle oracle(MetricDirection direction, int maxEpochs, int factor, int iterations) {
        HyperbandOracle oracle = new HyperbandOracle(OracleHarness.config(direction), maxEpochs, factor, iterations);
        oracle.updateSpace(twoFloats());
        return oracle;
    }

    private static HyperParameters twoFloats() {
        HyperParameters space = new HyperParameters();
        space.floatParam("x", 0, 1);
        space.floatParam("y", -100, 100);
        return space;
    }

    /** A score that depends only on the trial's hyperparameters, so that runs are reproducible. */
    private static double scoreOf(Trial t) {
        return (Double) t.hyperparameters().values().get("x");
    }

    private static List<Trial> runAll(HyperbandOracle oracle) {
        return runSequentially(oracle, noModel(), HyperbandOracleTest::scoreOf);
    }

    private static int intValue(Trial t, String key) {
        return ((Number) t.hyperparameters().values().get(key)).intValue();
    }

    /** "bracket/round epochs(initial)" of a trial. */
    private static String budget(Trial t) {
        return intValue(t, BRACKET) + "/" + intValue(t, ROUND) + " " + intValue(t, EPOCHS) + "("
                + intValue(t, INITIAL_EPOCH) + ")";
    }

    /** Expands rows {bracket, round, trials, epochs, initialEpoch} into one {@link #budget} per trial. */
    private static List<String> expand(int[][] rows) {
        List<String> out = new ArrayList<>();
        for (int[] row : rows) {
            for (int i = 0; i < row[2]; i++) {
                out.add(row[0] + "/" + row[1] + " " + row[3] + "(" + row[4] + ")");
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> openBrackets(HyperbandOracle oracle) {
        Map<String, Object> algorithm = (Map<String, Object>) oracle.state().get("algorithm");
        return (List<Map<String, Object>>) algorithm.get("brackets");
    }

    @SuppressWarnings("unchecked")
    private static int roundSize(Map<String, Object> bracket, int round) {
        return ((List<List<Object>>) bracket.get("rounds")).get(round).size();
    }

    // ---------------------------------------------------------------- schedules

    @Test
    void runs23TrialsFor9EpochsFactor3() {
        List<Trial> trials = runAll(oracle(MetricDirection.MAX, 9, 3, 1));

        assertThat(trials).extracting(HyperbandOracleTest::budget).containsExactlyElementsOf(expand(new int[][] {
                {2, 0, 9, 1, 0}, {2, 1, 3, 3, 1}, {2, 2, 1, 9, 3},
                {1, 0, 5, 3, 0}, {1, 1, 2, 9, 3},
                {0, 0, 3, 9, 0}}));
        assertThat(trials).extracting(Trial::id).first().isEqualTo("0000");
    }

    @Test
    void runs70TrialsFor27EpochsFactor3WithTheDocumentedIdRanges() {
        List<Trial> trials = runAll(oracle(MetricDirection.MAX, 27, 3, 1));

        assertThat(trials).extracting(HyperbandOracleTest::budget).containsExactlyElementsOf(expand(new int[][] {
                {3, 0, 27, 1, 0}, {3, 1, 9, 3, 1}, {3, 2, 3, 9, 3}, {3, 3, 1, 27, 9},
                {2, 0, 12, 3, 0}, {2, 1, 4, 9, 3}, {2, 2, 2, 27, 9},
                {1, 0, 6, 9, 0}, {1, 1, 2, 27, 9},
                {0, 0, 4, 27, 0}}));
        assertThat(trials.get(26).id()).isEqualTo("0026");
        assertThat(trials.get(27).id()).isEqualTo("0027");
        assertThat(trials.get(39).id()).isEqualTo("0039");
        assertThat(trials.get(40).id()).isEqualTo("0040");
        assertThat(trials.get(69).id()).isEqualTo("0069");
        assertThat(trials).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    }

    @ParameterizedTest
    @CsvSource({"8,2,36", "81,3,211", "100,3,254", "1000,10,1287"})
    void aSequentialWorkerRunsTheWholeSchedule(int maxEpochs, int factor, int expected) {
        HyperbandOracle oracle = oracle(MetricDirection.MIN, maxEpochs, factor, 1);

        assertThat(oracle.totalTrials()).isEqualTo(expected);
        assertThat(runAll(oracle)).hasSize(expected);
    }

    @Test
    void twoIterationsRepeatTheBrackets() {
        HyperbandOracle oracle = oracle(MetricDirection.MAX, 9, 3, 2);

        List<Trial> trials = runAll(oracle);

        assertThat(trials).hasSize(46);
        assertThat(oracle.totalTrials()).isEqualTo(46);
        List<Integer> bracketSequence = new ArrayList<>();
        for (Trial t : trials) {
            int b = intValue(t, BRACKET);
            if (bracketSequence.isEmpty() || bracketSequence.getLast() != b) {
                bracketSequence.add(b);
            }
        }
        assertThat(bracketSequence).containsExactly(2, 1, 0, 2, 1, 0);
        assertThat(oracle.currentIteration()).isEqualTo(1);
    }

    @Test
    void oneSweepSingleThreadFillsEachRoundThenStops() {
        HyperbandOracle oracle = oracle(MetricDirection.MAX, 9, 3, 1);
        HyperbandSchedule schedule = oracle.schedule();
        double score = 0;
        for (int bracket = schedule.numBrackets() - 1; bracket >= 0; bracket--) {
            for (int round = 0; round < schedule.numRounds(bracket); round++) {
                for (int i = 0; i < schedule.size(bracket, round); i++) {
                    Trial t = oracle.createTrial("tuner0");
                    assertThat(t.status()).isEqualTo(TrialStatus.RUNNING);
                    complete(oracle, t, ++score);
                }
                assertThat(roundSize(openBrackets(oracle).getFirst(), round)).isEqualTo(schedule.size(bracket, round));
            }
            assertThat(openBrackets(oracle)).hasSize(1);
        }

        assertThat(oracle.createTrial("tuner0").status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(oracle.ongoingTrialIds()).isEmpty();
        assertThat(openBrackets(oracle)).isEmpty();
        assertThat(oracle.getBestTrials(1).getFirst().score()).isEqualTo(score);
    }

    // ---------------------------------------------------------------- promotions

    private static void assertPromotionsBestFirst(MetricDirection direction) {
        List<Trial> trials = runAll(oracle(direction, 27, 3, 1));
        Comparator<Trial> bestFirst = Comparator.comparingDouble(Trial::score);
        if (direction == MetricDirection.MAX) {
            bestFirst = bestFirst.reversed();
        }
        // Bracket 3: round 0 is 0000-0026, round 1 is 0027-0035, round 2 is 0036-0038, round 3 is 0039.
        int[][] rounds = {{0, 27}, {27, 36}, {36, 39}, {39, 40}};
        for (int r = 1; r < rounds.length; r++) {
            List<Trial> previous = trials.subList(rounds[r - 1][0], rounds[r - 1][1]);
            List<Trial> promoted = trials.subList(rounds[r][0], rounds[r][1]);
            List<String> expectedParents = previous.stream().sorted(bestFirst).limit(promoted.size())
                    .map(Trial::id).toList();
            assertThat(promoted).extracting(t -> (String) t.hyperparameters().values().get(PARENT_TRIAL_ID))
                    .as("parents of round %d", r).containsExactlyElementsOf(expectedParents);
        }
    }

    @Test
    void promotesTheBestTrialsFirstWhenMaximising() {
        assertPromotionsBestFirst(MetricDirection.MAX);
    }

    @Test
    void promotesTheBestTrialsFirstWhenMinimising() {
        assertPromotionsBestFirst(MetricDirection.MIN);
    }

    @Test
    void aPromotionCarriesItsParentsValuesAndItsBudget() {
        List<Trial> trials = runAll(oracle(MetricDirection.MAX, 9, 3, 1));
        Trial promoted = trials.get(9);
        Map<String, Object> values = promoted.hyperparameters().values();
        Trial parent = trials.get(Integer.parseInt((String) values.get(PARENT_TRIAL_ID)));

        assertThat(values).containsEntry(EPOCHS, 3).containsEntry(INITIAL_EPOCH, 1).containsEntry(BRACKET, 2)
                .containsEntry(ROUND, 1);
        assertThat(values.get("x")).isEqualTo(parent.hyperparameters().values().get("x"));
        assertThat(values.get("y")).isEqualTo(parent.hyperparameters().values().get("y"));
        assertThat(trials.get(0).hyperparameters().values()).doesNotContainKey(PARENT_TRIAL_ID)
                .containsEntry(EPOCHS, 1).containsEntry(INITIAL_EPOCH, 0);
    }

    // ---------------------------------------------------------------- parallel workers

    @Test
    void oneSweepParallelWaitsForRunningTrialsAtTheEnd() {
        HyperbandOracle oracle = oracle(MetricDirection.MAX, 4, 2, 1);

        // Round 0 of all three brackets can run in parallel.
        List<Trial> round0 = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Trial t = oracle.createTrial("tuner" + i);
            assertThat(t.status()).isEqualTo(TrialStatus.RUNNING);
            round0.add(t);
        }
        assertThat(openBrackets(oracle)).hasSize(3);
        // Round 1 needs finished round-0 trials.
        assertThat(oracle.createTrial("tuner10").status()).isEqualTo(TrialStatus.IDLE);
        round0.forEach(t -> complete(oracle, t, 1));

        List<Trial> round1 = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Trial t = oracle.createTrial("tuner" + i);
            assertThat(t.status()).isEqualTo(TrialStatus.RUNNING);
            round1.add(t);
        }
        // Bracket 0 has a single round, so it is done.
        assertThat(openBrackets(oracle)).hasSize(2);
        assertThat(oracle.createTrial("tuner10").status()).isEqualTo(TrialStatus.IDLE);
        round1.forEach(t -> complete(oracle, t, 1));

        Trial round2 = oracle.createTrial("tuner0");
        assertThat(round2.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(openBrackets(oracle)).hasSize(1);
        assertThat(oracle.createTrial("tuner10").status()).isEqualTo(TrialStatus.IDLE);
        complete(oracle, round2, 1);

        assertThat(oracle.createTrial("tuner10").status()).isEqualTo(TrialStatus.STOPPED);
        assertThat(oracle.trials()).hasSize(15);
    }

    @Test
    void stopsWhenRandomValuesRunOutAndNothingRuns() {
        HyperbandOracle oracle = new HyperbandOracle(OracleHarness.config(MetricDirection.MAX), 8, 3, 1);
        HyperParameters space = oracle.getSpace();
        space.booleanParam("bool");
        oracle.updateSpace(space);

        Trial a = oracle.createTrial("a");
        Trial b = oracle.createTrial("b");
        assertThat(List.of(a.status(), b.status())).containsOnly(TrialStatus.RUNNING);
        assertThat(oracle.createTrial("c").status()).isEqualTo(TrialStatus.IDLE);
        complete(oracle, a, 0.3);
        complete(oracle, b, 0.6);

        assertThat(oracle.createTrial("a").status()).isEqualTo(TrialStatus.STOPPED);
    }

    // ---------------------------------------------------------------- configuration errors

    @Test
    void rejectsAFactorBelow2NamingTheFix() {
        assertThatThrownBy(() -> new HyperbandOracle(OracleHarness.config(MetricDirection.MAX), 8, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factor: 1").hasMessageContaining("at least 2");
    }

    @Test
    void rejectsNonPositiveIterations() {
        assertThatThrownBy(() -> new HyperbandOracle(OracleHarness.config(MetricDirection.MAX), 8, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hyperbandIterations: 0").hasMessageContaining("at least 1");
    }

    @Test
    void rejectsMaxTrials() {
        OracleConfig withLimit = OracleConfig.defaults(ObjectiveSpec.single("score", MetricDirection.MAX), 10, 1);

        assertThatThrownBy(() -> new HyperbandOracle(withLimit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTrials").hasMessageContaining("must be null, got 10");
        HyperbandOracle oracle = new HyperbandOracle(OracleHarness.config(MetricDirection.MAX));
        assertThatThrownBy(() -> oracle.reconfigure(withLimit))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTrials");
    }

    @Test
    void defaultsAreKerasTunersAndNumBracketsIsExposed() {
        HyperbandOracle oracle = new HyperbandOracle(OracleHarness.config(MetricDirection.MAX));

        assertThat(oracle.maxEpochs()).isEqualTo(100);
        assertThat(oracle.factor()).isEqualTo(3);
        assertThat(oracle.hyperbandIterations()).isEqualTo(1);
        assertThat(oracle.currentBracket()).isEqualTo(4);
        assertThat(oracle.kind()).isEqualTo("hyperband");
        assertThat(HyperbandOracle.numBrackets(9, 3)).isEqualTo(3);
        assertThat(HyperbandOracle.numBrackets(27, 3)).isEqualTo(4);
        assertThat(HyperbandOracle.numBrackets(8, 2)).isEqualTo(4);
        assertThat(HyperbandOracle.numBrackets(1000, 10)).isEqualTo(4);
    }

    // ---------------------------------------------------------------- resume

    private static Map<String, Map<String, Object>> valuesById(List<Trial> trials) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        trials.forEach(t -> byId.put(t.id(), t.hyperparameters().values()));
        return byId;
    }

    @Test
    void aRestoredOracleContinuesTheScheduleIdentically() {
        Map<String, Map<String, Object>> uninterrupted = valuesById(runAll(oracle(MetricDirection.MAX, 9, 3, 1)));
        assertThat(uninterrupted).hasSize(23);

        for (int done = 0; done < 23; done++) {
            HyperbandOracle first = oracle(MetricDirection.MAX, 9, 3, 1);
            for (int i = 0; i < done; i++) {
                Trial t = first.createTrial("worker");
                complete(first, t, scoreOf(t));
            }
            Trial interrupted = first.createTrial("worker");
            OracleHarness.Stored stored = OracleHarness.persist(first);

            HyperbandOracle resumed = OracleHarness.restore(
                    new HyperbandOracle(OracleHarness.config(MetricDirection.MAX), 9, 3, 1), stored);
            Trial rerun = resumed.createTrial("worker");
            assertThat(rerun.id()).as("cut after %d trials", done).isEqualTo(interrupted.id());
            complete(resumed, rerun, scoreOf(rerun));
            runAll(resumed);

            assertThat(valuesById(resumed.trials())).as("cut after %d trials", done).isEqualTo(uninterrupted);
        }
    }

    @Test
    void theStoredScheduleWinsOverTheConstructorsOnRestore() {
        HyperbandOracle first = oracle(MetricDirection.MAX, 9, 3, 1);
        for (int i = 0; i < 15; i++) {
            Trial t = first.createTrial("worker");
            complete(first, t, scoreOf(t));
        }
        first.createTrial("worker");

        HyperbandOracle resumed = OracleHarness.restore(
                new HyperbandOracle(OracleHarness.config(MetricDirection.MAX)), OracleHarness.persist(first));
        assertThat(resumed.createTrial("worker").id()).isEqualTo("0015");
        resumed.endTrial(completed(resumed, "0015"));
        runAll(resumed);

        assertThat(resumed.maxEpochs()).isEqualTo(9);
        assertThat(resumed.trials()).hasSize(23).extracting(Trial::id).doesNotHaveDuplicates();
    }

    private static Trial completed(HyperbandOracle oracle, String id) {
        Trial t = oracle.getTrial(id);
        oracle.updateTrial(id, Map.of(OracleHarness.SCORE, scoreOf(t)), 0);
        t.setStatus(TrialStatus.COMPLETED);
        return t;
    }

    @Test
    void aRestoredOracleFinishesRoundsInterruptedWithParallelTrials() {
        HyperbandOracle first = oracle(MetricDirection.MAX, 9, 3, 1);
        List<Trial> running = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            running.add(first.createTrial("w" + i));
        }
        for (Trial t : running.subList(0, 9)) {
            complete(first, t, scoreOf(t));
        }
        Trial promotion = first.createTrial("w0");
        assertThat(promotion.hyperparameters().values()).containsKey(PARENT_TRIAL_ID);

        HyperbandOracle resumed = OracleHarness.restore(
                new HyperbandOracle(OracleHarness.config(MetricDirection.MAX), 9, 3, 1), OracleHarness.persist(first));
        List<Trial> all = new ArrayList<>(runAll(resumed));

        assertThat(all).extracting(Trial::id).startsWith("0012", "0011", "0010", "0009");
        assertThat(resumed.trials()).hasSize(23).allMatch(t -> t.status() == TrialStatus.COMPLETED);
    }

    @Test
    void aParetoSearchPromotesByNonDominatedSortingThenHypervolumeContribution() {
        ObjectiveSpec pareto = ObjectiveSpec.pareto(List.of(ObjectiveSpec.single("a", MetricDirection.MAX),
                ObjectiveSpec.single("b", MetricDirection.MIN)));
        HyperbandOracle oracle = new HyperbandOracle(OracleConfig.defaults(pareto, null, 7), 9, 3, 1);
        oracle.updateSpace(twoFloats());
        // round 0 of the first bracket holds 9 trials and keeps 3; 0, 1 and 2 form the front
        double[][] ab = {{0.9, 0.9}, {0.5, 0.1}, {0.8, 0.3}, {0.4, 0.5}, {0.3, 0.6}, {0.2, 0.7}, {0.1, 0.8},
            {0.15, 0.85}, {0.05, 0.88}};
        List<String> ids = new ArrayList<>();
        for (double[] v : ab) {
            Trial t = oracle.createTrial("w");
            assertThat(intValue(t, ROUND)).isZero();
            oracle.updateTrial(t.id(), Map.of("a", v[0], "b", v[1]), 0);
            t.setStatus(TrialStatus.COMPLETED);
            ids.add(oracle.endTrial(t).id());
        }
        List<String> parents = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Trial promoted = oracle.createTrial("w");
            assertThat(intValue(promoted, ROUND)).isEqualTo(1);
            parents.add((String) promoted.hyperparameters().values().get(PARENT_TRIAL_ID));
            oracle.updateTrial(promoted.id(), Map.of("a", 0.0, "b", 1.0), 0);
            promoted.setStatus(TrialStatus.COMPLETED);
            oracle.endTrial(promoted);
        }
        // minimised and scaled: 0 at (0, 1), 2 at (0.125, 0.25), 1 at (0.5, 0); exclusive boxes 0.0125, 0.281, 0.15.
        // Among the trials not yet promoted, 0 and 3 then form the front, and 3's box is the larger (0.51 to 0.06).
        assertThat(parents).containsExactly(ids.get(2), ids.get(1), ids.get(3));
    }
}
