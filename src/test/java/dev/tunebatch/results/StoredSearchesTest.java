package dev.tunebatch.results;

import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read model on a real PostgreSQL, with rows written as the engine writes them: counts by status, the best trials
 * (best expected first, then by score, ties in creation order), running trials with their step's heartbeat, the
 * overview of every search, budgets and the operator's status text.
 */
class StoredSearchesTest {

    private static final DataSource DB = TestDatabase.create("results");
    private static final JdbcTemplate JDBC = new JdbcTemplate(DB);
    private static final StoredSearches SEARCHES = new StoredSearches(DB);

    @BeforeAll
    static void storeSearches() {
        search("loss", "bayesian", """
                {"objective": {"name": "loss", "direction": "min"},
                 "hyperparameters": {"space": [], "values": {}},
                 "expected_best": [["5", 0.3]],
                 "controls": {"budget": {"limits": [{"name": "cost (search)", "metric": "cost", "scope": "search",
                                                     "max": 10}],
                                         "search": {"cost": 3.2}}}}""");
        trial("loss", "0", "COMPLETED", 0.5, """
                {"hyperparameters": {"values": {"lr": 0.01}}, "run_count": 1,
                 "started_at": "2026-01-01T10:00:00Z", "ended_at": "2026-01-01T10:00:30Z"}""");
        trial("loss", "1", "COMPLETED", 0.2, "{\"hyperparameters\": {\"values\": {\"lr\": 0.02}}}");
        trial("loss", "2", "FAILED", null, "{\"message\": \"boom\"}");
        trial("loss", "3", "RUNNING", null, "{}");
        trial("loss", "4", "RUNNING", null, "{}");
        trial("loss", "5", "COMPLETED", 0.9, """
                {"hyperparameters": {"values": {"lr": 0.05}}, "score_sd": 0.1,
                 "executions": [{"score": 0.8}, {"score": 0.9}, {"score": 1.0}]}""");
        trial("loss", "10", "COMPLETED", 0.2, "{\"hyperparameters\": {\"values\": {\"lr\": 0.03}}}");

        search("accuracy", "random", "{\"objective\": {\"name\": \"accuracy\", \"direction\": \"max\"}}");
        trial("accuracy", "0", "COMPLETED", 0.7, "{}");
        trial("accuracy", "1", "COMPLETED", 0.9, "{}");
        trial("accuracy", "2", "COMPLETED", Double.NaN, "{}");

        JDBC.update("insert into tb_search (search_name) values ('created-only')");

        JDBC.update("insert into batch_job_instance (job_instance_id, version, job_name, job_key) "
                + "values (1, 0, 'search', 'k1'), (2, 0, 'search', 'k2')");
        execution(1, 1, "loss", "night");
        execution(2, 2, "other", "default");
        LocalDateTime now = LocalDateTime.now();
        step(1, 1, "trial-3", "FAILED", now);
        step(2, 1, "trial-3", "STARTED", now.minusMinutes(5));
        step(3, 2, "trial-4", "STARTED", now);
    }

    @Test
    void countsTrialsByStatusInTheOrderOfTheStatus() {
        assertThat(SEARCHES.countsByStatus("loss")).containsExactly(
                java.util.Map.entry("COMPLETED", 4L), java.util.Map.entry("FAILED", 1L),
                java.util.Map.entry("RUNNING", 2L));
        assertThat(SEARCHES.countsByStatus("absent")).isEmpty();
    }

    @Test
    void ranksTheBestExpectedFirstThenByScoreWithTiesInCreationOrder() {
        assertThat(SEARCHES.ranked("loss", 10)).extracting(RankedTrial::trialId).containsExactly("5", "1", "10", "0");
        assertThat(SEARCHES.ranked("loss", 2)).extracting(RankedTrial::trialId).containsExactly("5", "1");
        RankedTrial first = SEARCHES.ranked("loss", 1).get(0);
        assertThat(first.expected()).isEqualTo(0.3);
        assertThat(first.sd()).isEqualTo(0.1);
        assertThat(first.executions()).isEqualTo(3);
        assertThat(first.values()).containsEntry("lr", 0.05);
        assertThat(SEARCHES.ranked("loss", 10).get(1).expected()).isNull();
        assertThat(SEARCHES.ranked("absent", 3)).isEmpty();
    }

    @Test
    void theBestScoreFollowsTheObjectivesDirection() {
        assertThat(SEARCHES.bestScore("loss")).hasValue(0.2);
        assertThat(SEARCHES.bestScore("created-only")).isEmpty();
    }

    @Test
    void runningTrialsCarryTheirLatestStepOfThisSearchAndItsHeartbeatAge() {
        List<RunningTrial> running = SEARCHES.running("loss");
        assertThat(running).extracting(RunningTrial::trialId).containsExactly("3", "4");
        RunningTrial three = running.get(0);
        assertThat(three.stepStatus()).isEqualTo("STARTED");
        assertThat(three.heartbeatAge()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(three.stale(Duration.ofSeconds(30))).isTrue();
        assertThat(three.stale(Duration.ofDays(1))).isFalse();
        RunningTrial four = running.get(1);
        assertThat(four.stepStatus()).isEqualTo("not started");
        assertThat(four.heartbeatAge()).isNull();
        assertThat(four.stale(Duration.ZERO)).isFalse();
    }

    @Test
    void theHeadSaysWhatTheSearchOptimisesAndWhetherItIsStored() {
        SearchHead loss = SEARCHES.head("loss").orElseThrow();
        assertThat(loss.kind()).isEqualTo("bayesian");
        assertThat(loss.stored()).isTrue();
        assertThat(loss.objective()).isEqualTo("loss");
        assertThat(loss.maximize()).isFalse();
        assertThat(loss.expected()).containsExactly(java.util.Map.entry("5", 0.3));
        assertThat(SEARCHES.head("accuracy").orElseThrow().maximize()).isTrue();
        assertThat(SEARCHES.head("created-only").orElseThrow().stored()).isFalse();
        assertThat(SEARCHES.head("absent")).isEmpty();
        assertThat(SEARCHES.exists("loss")).isTrue();
        assertThat(SEARCHES.exists("created-only")).isFalse();
        assertThat(SEARCHES.names()).containsExactly("accuracy", "loss");
        assertThat(SEARCHES.storedHead("loss").objective()).isEqualTo("loss");
        assertThatThrownBy(() -> SEARCHES.storedHead("created-only")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("search: no search named 'created-only' is stored in tb_search; run it first (run "
                        + "created-only), or list the stored ones with 'select search_name from tb_search'.");
    }

    @Test
    void theOverviewListsEveryStoredSearchWithCountsBestScoreAndLatestExecution() {
        List<SearchOverview> overview = SEARCHES.overview();
        assertThat(overview).extracting(SearchOverview::name).containsExactly("accuracy", "loss");
        SearchOverview accuracy = overview.get(0);
        assertThat(accuracy.trials()).isEqualTo(3);
        assertThat(accuracy.completed()).isEqualTo(3);
        assertThat(accuracy.best()).isEqualTo(0.9);
        assertThat(accuracy.lastStatus()).isNull();
        SearchOverview loss = overview.get(1);
        assertThat(loss.trials()).isEqualTo(7);
        assertThat(loss.completed()).isEqualTo(4);
        assertThat(loss.best()).isEqualTo(0.2);
        assertThat(loss.lastStatus()).isEqualTo("STARTED");
        assertThat(loss.lastTrialUpdate()).isNotNull();
    }

    @Test
    void readsTrialRowsLastRunsAndBudgets() {
        List<TrialRow> rows = SEARCHES.trials("loss");
        assertThat(rows).extracting(TrialRow::id).containsExactly("0", "1", "2", "3", "4", "5", "10");
        assertThat(rows.get(0).runCount()).isEqualTo(1);
        assertThat(rows.get(2).message()).isEqualTo("boom");
        assertThat(rows.get(2).score()).isNull();
        assertThat(rows.get(2).values()).isEmpty();
        assertThat(rows.get(5).executions()).isEqualTo(3);
        assertThat(SEARCHES.lastRun("loss", "0")).contains(new LastRun(TrialStatus.COMPLETED,
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:00:30Z")));
        assertThat(SEARCHES.lastRun("loss", "99")).isEmpty();
        assertThat(SEARCHES.budgets("loss")).extracting(StoredBudgets.Line::describe)
                .containsExactly("cost 3.2 of 10 (search)");
        assertThat(SEARCHES.budgets("accuracy")).isEmpty();
    }

    @Test
    void storedTrialsRankAsTheOracle() {
        StoredTrials stored = SEARCHES.storedTrials("loss").orElseThrow();
        assertThat(stored.trials()).hasSize(7);
        assertThat(stored.best(3)).extracting(t -> t.id()).containsExactly("5", "1", "10");
        assertThat(stored.counts()).containsEntry(TrialStatus.RUNNING, 2);
        assertThat(SEARCHES.storedTrials("created-only")).isEmpty();
    }

    @Test
    void theStatusReportShowsRunningTrialsWithTheirHeartbeat() {
        String status = new SearchInspector(DB, Duration.ofSeconds(10)).statusReport("loss");
        assertThat(status).contains("Trials: 7, COMPLETED 4, FAILED 1, RUNNING 2\n")
                .contains("Best so far: trial 5 score 0.9 (expected 0.3) {lr=0.05}\n")
                .contains("Budgets: cost 3.2 of 10 (search)\n")
                .containsPattern("Running: trial 3 \\(step STARTED, heartbeat \\d+ s ago, stale: no heartbeat for 3 "
                        + "intervals, its process is gone or cut off from the database\\)\n")
                .contains("Running: trial 4 (step not started)\n")
                .contains("Execution 1 run night: STARTED (UNKNOWN), started ");
    }

    private static void search(String name, String kind, String state) {
        JDBC.update("insert into tb_search (search_name, kind, oracle_state) values (?, ?, ?::jsonb)", name, kind,
                state);
    }

    /** A trial row; its document gets the id, status and score the engine writes into every document. */
    private static void trial(String search, String id, String status, Double score, String document) {
        String stored = score == null ? "null" : score.isNaN() ? "\"NaN\"" : score.toString();
        String full = "{\"trial_id\": \"" + id + "\", \"status\": \"" + status + "\", \"score\": " + stored
                + (document.trim().equals("{}") ? "}" : ", " + document.trim().substring(1));
        JDBC.update("insert into tb_trial (search_name, trial_id, status, score, document) "
                + "values (?, ?, ?, ?, ?::jsonb)", search, id, status, score, full);
    }

    private static void execution(long id, long instance, String search, String run) {
        JDBC.update("insert into batch_job_execution (job_execution_id, version, job_instance_id, create_time, "
                + "start_time, status, exit_code) values (?, 0, ?, ?, ?, 'STARTED', 'UNKNOWN')", id, instance,
                Timestamp.valueOf(LocalDateTime.now()), Timestamp.valueOf(LocalDateTime.now()));
        JDBC.update("insert into batch_job_execution_params (job_execution_id, parameter_name, parameter_type, "
                + "parameter_value, identifying) values (?, 'search', 'java.lang.String', ?, 'Y'), "
                + "(?, 'run', 'java.lang.String', ?, 'Y')", id, search, id, run);
    }

    private static void step(long id, long execution, String name, String status, LocalDateTime lastUpdated) {
        JDBC.update("insert into batch_step_execution (step_execution_id, version, step_name, job_execution_id, "
                + "create_time, status, last_updated) values (?, 0, ?, ?, ?, ?, ?)", id, name, execution,
                Timestamp.valueOf(lastUpdated), status, Timestamp.valueOf(lastUpdated));
    }
}
