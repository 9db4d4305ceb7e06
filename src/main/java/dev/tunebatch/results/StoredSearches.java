package dev.tunebatch.results;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.StoredRanking;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static dev.tunebatch.results.StoredColumns.BUDGET;
import static dev.tunebatch.results.StoredColumns.COMPLETED;
import static dev.tunebatch.results.StoredColumns.CREATION_ORDER;
import static dev.tunebatch.results.StoredColumns.DOCUMENT;
import static dev.tunebatch.results.StoredColumns.ENDED_AT;
import static dev.tunebatch.results.StoredColumns.EXECUTIONS;
import static dev.tunebatch.results.StoredColumns.EXPECTED_BEST;
import static dev.tunebatch.results.StoredColumns.KIND;
import static dev.tunebatch.results.StoredColumns.MAXIMIZE;
import static dev.tunebatch.results.StoredColumns.MESSAGE;
import static dev.tunebatch.results.StoredColumns.METRICS;
import static dev.tunebatch.results.StoredColumns.OBJECTIVE;
import static dev.tunebatch.results.StoredColumns.OBJECTIVE_NAME;
import static dev.tunebatch.results.StoredColumns.ORACLE_STATE;
import static dev.tunebatch.results.StoredColumns.RUNNING;
import static dev.tunebatch.results.StoredColumns.RUN_COUNT;
import static dev.tunebatch.results.StoredColumns.RUN_PARAMETER;
import static dev.tunebatch.results.StoredColumns.SCORE;
import static dev.tunebatch.results.StoredColumns.SCORE_SD;
import static dev.tunebatch.results.StoredColumns.SEARCH_NAME;
import static dev.tunebatch.results.StoredColumns.SEARCH_PARAMETER;
import static dev.tunebatch.results.StoredColumns.SEARCH_TABLE;
import static dev.tunebatch.results.StoredColumns.SPACE;
import static dev.tunebatch.results.StoredColumns.STARTED_AT;
import static dev.tunebatch.results.StoredColumns.STATUS;
import static dev.tunebatch.results.StoredColumns.STORED;
import static dev.tunebatch.results.StoredColumns.TRIAL_ID;
import static dev.tunebatch.results.StoredColumns.TRIAL_STEP_PREFIX;
import static dev.tunebatch.results.StoredColumns.TRIAL_TABLE;
import static dev.tunebatch.results.StoredColumns.UPDATED_AT;
import static dev.tunebatch.results.StoredColumns.VALUES;

/**
 * Every question asked of a stored search, each one parameterised SQL statement (or two) over {@code tb_search},
 * {@code tb_trial} and, for running trials and job executions, Spring Batch's tables; the answers are typed rows. Read
 * only: nothing here writes. Database failures surface as Spring's {@code DataAccessException}.
 */
public final class StoredSearches {

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public StoredSearches(DataSource dataSource) {
        this(new JdbcTemplate(dataSource));
    }

    public StoredSearches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The names of the stored searches (those whose oracle stored its state), by name. */
    public List<String> names() {
        return jdbc.queryForList("select " + SEARCH_NAME + " from " + SEARCH_TABLE + " where " + STORED
                + " order by " + SEARCH_NAME, String.class);
    }

    /** Whether the database holds a search of that name with its oracle's state. */
    public boolean exists(String search) {
        Integer n = jdbc.queryForObject("select count(*) from " + SEARCH_TABLE + " where " + SEARCH_NAME + " = ? and "
                + STORED, Integer.class, search);
        return n != null && n > 0;
    }

    /** The row of {@code search} in {@code tb_search}, stored state or not; empty when there is none. */
    public Optional<SearchHead> head(String search) {
        return jdbc.query("select " + KIND + ", " + STORED + ", " + OBJECTIVE_NAME + ", " + MAXIMIZE + ", ("
                        + OBJECTIVE + ")::text, (" + SPACE + ")::text, (" + EXPECTED_BEST + ")::text from "
                        + SEARCH_TABLE + " where " + SEARCH_NAME + " = ?",
                (rs, i) -> new SearchHead(search, rs.getString(1), rs.getBoolean(2), rs.getString(3),
                        rs.getBoolean(4), nullableMap(rs.getString(5)), space(rs.getString(6)),
                        expected(rs.getString(7))), search).stream().findFirst();
    }

    /**
     * The head of a search whose oracle stored its state.
     *
     * @throws IllegalArgumentException naming the search, and how to list the stored ones, when it is not stored
     */
    public SearchHead storedHead(String search) {
        return head(search).filter(SearchHead::stored).orElseThrow(() -> new IllegalArgumentException(
                "search: no search named '" + search + "' is stored in " + SEARCH_TABLE + "; run it first (run "
                        + search + "), or list the stored ones with 'select " + SEARCH_NAME + " from " + SEARCH_TABLE
                        + "'."));
    }

    /** Trial counts by status name, in the order of the names; a status without trials is absent. */
    public Map<String, Long> countsByStatus(String search) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("select " + STATUS + ", count(*) from " + TRIAL_TABLE + " where " + SEARCH_NAME + " = ? group by "
                + STATUS + " order by " + STATUS, rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, search);
        return counts;
    }

    /**
     * The best score of the completed trials in the objective's direction, as PostgreSQL orders {@code score} (a NaN
     * score is above every number); empty before a trial completes with a score.
     */
    public OptionalDouble bestScore(String search) {
        Double best = jdbc.queryForObject("select case when (select " + MAXIMIZE + " from " + SEARCH_TABLE + " where "
                + SEARCH_NAME + " = ?) then max(" + SCORE + ") else min(" + SCORE + ") end from " + TRIAL_TABLE
                + " where " + SEARCH_NAME + " = ? and " + STATUS + " = " + COMPLETED, Double.class, search, search);
        return best == null ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    /**
     * The {@code n} best completed trials, best first: in the order of the oracle's stored best expected scores
     * ({@code expected_best}), then by score in the objective's direction; ties in creation order. Empty when the
     * search is not stored.
     */
    public List<RankedTrial> ranked(String search, int n) {
        Optional<SearchHead> head = head(search);
        if (head.isEmpty()) {
            return List.of();
        }
        String order = head.get().maximize() ? "desc" : "asc";
        Map<String, Double> expected = head.get().expected();
        String completed = SEARCH_NAME + " = ? and " + STATUS + " = " + COMPLETED + " and " + SCORE + " is not null";
        List<RankedTrial> rows = jdbc.query("select " + TRIAL_ID + ", " + SCORE + ", (" + VALUES + ")::text, "
                        + SCORE_SD + ", " + EXECUTIONS + " from " + TRIAL_TABLE + " where " + completed + " and ("
                        + TRIAL_ID + " = any(?) or " + TRIAL_ID + " in (select " + TRIAL_ID + " from " + TRIAL_TABLE
                        + " where " + completed + " order by " + SCORE + " " + order + ", " + CREATION_ORDER
                        + " limit ?)) order by " + SCORE + " " + order + ", " + CREATION_ORDER,
                (rs, i) -> {
                    double sd = rs.getDouble(4);
                    Double spread = rs.wasNull() ? null : sd;
                    return new RankedTrial(rs.getString(1), rs.getDouble(2), map(rs.getString(3)),
                            expected.get(rs.getString(1)), spread, rs.getInt(5));
                }, search, expected.keySet().toArray(String[]::new), search, n);
        List<String> position = List.copyOf(expected.keySet());
        List<RankedTrial> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(r -> {
            int p = position.indexOf(r.trialId());
            return p < 0 ? Integer.MAX_VALUE : p;
        }));
        return sorted.subList(0, Math.min(n, sorted.size()));
    }

    /** Every trial of {@code search} as a row, in creation order. */
    public List<TrialRow> trials(String search) {
        return jdbc.query("select " + TRIAL_ID + ", " + STATUS + ", " + SCORE + ", (" + VALUES + ")::text, "
                        + RUN_COUNT + ", " + STARTED_AT + ", " + ENDED_AT + ", " + MESSAGE + ", (" + METRICS
                        + ")::text, " + SCORE_SD + ", " + EXECUTIONS + " from " + TRIAL_TABLE + " where "
                        + SEARCH_NAME + " = ? order by " + CREATION_ORDER,
                (rs, i) -> {
                    double value = rs.getDouble(3);
                    Double score = rs.wasNull() ? null : value;
                    double sd = rs.getDouble(10);
                    Double spread = rs.wasNull() ? null : sd;
                    return new TrialRow(rs.getString(1), rs.getString(2), score, map(rs.getString(4)), rs.getInt(5),
                            instant(rs.getString(6)), instant(rs.getString(7)), rs.getString(8),
                            map(rs.getString(9)), spread, rs.getInt(11));
                }, search);
    }

    /**
     * The stored search rebuilt as the oracle's trials with its objective and expected scores, or empty when the
     * database holds no state for it.
     */
    @SuppressWarnings("unchecked")
    public Optional<StoredTrials> storedTrials(String search) {
        List<String> state = jdbc.queryForList("select " + ORACLE_STATE + "::text from " + SEARCH_TABLE + " where "
                + SEARCH_NAME + " = ? and " + STORED, String.class, search);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> oracle = map(state.get(0));
        HyperParameters space = HyperParameters.fromConfig((Map<String, Object>) oracle.get("hyperparameters"));
        ObjectiveSpec objective = ObjectiveSpec.fromConfig((Map<String, Object>) oracle.get("objective"));
        List<Trial> trials = new ArrayList<>();
        jdbc.query("select " + DOCUMENT + "::text from " + TRIAL_TABLE + " where " + SEARCH_NAME + " = ? order by "
                + CREATION_ORDER, rs -> {
                    trials.add(Trial.fromConfig(map(rs.getString(1)), space));
                }, search);
        return Optional.of(new StoredTrials(search, objective, List.copyOf(trials), StoredRanking.expected(oracle)));
    }

    /**
     * The trials marked RUNNING, in creation order, each with the status of its latest step execution and the age of
     * that step's last commit (its heartbeat).
     */
    public List<RunningTrial> running(String search) {
        String trial = TRIAL_TABLE + ".";
        return jdbc.query("select " + trial + TRIAL_ID + ", se.status, se.last_updated, se.worker from " + TRIAL_TABLE
                + """
                 left join lateral (
                    select s.status, s.last_updated, d.worker
                    from batch_step_execution s
                    join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                         and p.parameter_name = %s and p.parameter_value = %s
                    left join tb_trial_dispatch d on d.step_execution_id = s.step_execution_id
                    where s.step_name = %s || %s
                    order by s.step_execution_id desc limit 1) se on true
                """.formatted(SEARCH_PARAMETER, trial + SEARCH_NAME, TRIAL_STEP_PREFIX, trial + TRIAL_ID)
                + " where " + trial + SEARCH_NAME + " = ? and " + trial + STATUS + " = " + RUNNING + " order by length("
                + trial + TRIAL_ID + "), " + trial + TRIAL_ID, (rs, i) -> {
                    Timestamp last = rs.getTimestamp(3);
                    Duration age = last == null ? null : Duration.between(last.toLocalDateTime(), LocalDateTime.now());
                    return new RunningTrial(rs.getString(1), rs.getString(2) == null ? "not started"
                            : rs.getString(2), age, rs.getString(4));
                }, search);
    }

    /**
     * With remote execution: how many trials each worker ("pid N on host") reported, by the status the trial's step
     * ended with there (COMPLETED steps only: a step a worker lost or stopped reported nothing), most first.
     */
    public Map<String, Integer> trialsPerWorker(String search) {
        Map<String, Integer> perWorker = new LinkedHashMap<>();
        jdbc.query("""
                select d.worker, count(*) from tb_trial_dispatch d
                join batch_step_execution s on s.step_execution_id = d.step_execution_id
                where d.search_name = ? and d.worker is not null and s.status = 'COMPLETED'
                group by d.worker order by count(*) desc, d.worker""", rs -> {
                    perWorker.put(rs.getString(1), rs.getInt(2));
                }, search);
        return perWorker;
    }

    /** The job executions of a search, newest first. */
    public List<SearchExecution> executions(String search) {
        return jdbc.query("""
                select e.job_execution_id, r.parameter_value, e.status, e.exit_code, e.start_time, e.end_time
                from batch_job_execution e
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                     and p.parameter_name = %s and p.parameter_value = ?
                left join batch_job_execution_params r on r.job_execution_id = e.job_execution_id
                     and r.parameter_name = %s
                order by e.job_execution_id desc""".formatted(SEARCH_PARAMETER, RUN_PARAMETER),
                (rs, i) -> new SearchExecution(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        local(rs.getTimestamp(5)), local(rs.getTimestamp(6))), search);
    }

    /** The budgets of {@code search} with what each has consumed; empty when it has none (or is not stored). */
    public List<StoredBudgets.Line> budgets(String search) {
        List<String> text = jdbc.queryForList("select (" + BUDGET + ")::text from " + SEARCH_TABLE + " where "
                + SEARCH_NAME + " = ? and " + BUDGET + " is not null", String.class, search);
        if (text.isEmpty() || text.get(0) == null) {
            return List.of();
        }
        return StoredBudgets.of(map(text.get(0)));
    }

    /** The status and last run of one trial, if it is stored. */
    public Optional<LastRun> lastRun(String search, String trialId) {
        return jdbc.query("select " + STATUS + ", " + STARTED_AT + ", " + ENDED_AT + " from " + TRIAL_TABLE
                        + " where " + SEARCH_NAME + " = ? and " + TRIAL_ID + " = ?",
                (rs, i) -> new LastRun(TrialStatus.valueOf(rs.getString(1)), instant(rs.getString(2)),
                        instant(rs.getString(3))), search, trialId).stream().findFirst();
    }

    /**
     * Every stored search at a glance, by name, in one statement: its head, trial counts, best completed score (NaN
     * scores left out) and latest job execution.
     */
    public List<SearchOverview> overview() {
        String search = SEARCH_TABLE + "." + SEARCH_NAME;
        String completed = STATUS + " = " + COMPLETED;
        String numeric = completed + " and " + SCORE + " <> 'NaN'";
        return jdbc.query("select " + SEARCH_NAME + ", " + KIND + ", " + OBJECTIVE_NAME + ", " + MAXIMIZE + """
                , t.trials, t.completed, t.best_max, t.best_min, t.last_update, e.status, e.start_time, e.end_time
                from %s
                cross join lateral (
                    select count(*) as trials,
                           count(*) filter (where %s) as completed,
                           max(%s) filter (where %s) as best_max,
                           min(%s) filter (where %s) as best_min,
                           max(%s) as last_update
                    from %s where %s = %s) t
                left join lateral (
                    select je.status, je.start_time, je.end_time
                    from batch_job_execution je
                    join batch_job_execution_params p on p.job_execution_id = je.job_execution_id
                         and p.parameter_name = %s and p.parameter_value = %s
                    order by je.job_execution_id desc limit 1) e on true
                """.formatted(SEARCH_TABLE, completed, SCORE, numeric, SCORE, numeric, UPDATED_AT, TRIAL_TABLE,
                SEARCH_NAME, search, SEARCH_PARAMETER, search)
                + " where " + STORED + " order by " + SEARCH_NAME, (rs, i) -> {
                    boolean maximize = rs.getBoolean(4);
                    double best = rs.getDouble(maximize ? 7 : 8);
                    Double bestScore = rs.wasNull() ? null : best;
                    Timestamp update = rs.getTimestamp(9);
                    return new SearchOverview(rs.getString(1), rs.getString(2), rs.getString(3), maximize,
                            rs.getLong(5), rs.getLong(6), bestScore, update == null ? null : update.toInstant(),
                            rs.getString(10), local(rs.getTimestamp(11)), local(rs.getTimestamp(12)));
                });
    }

    private Map<String, Double> expected(String text) {
        return text == null ? new LinkedHashMap<>()
                : StoredRanking.expected(Map.of("expected_best", json.readValue(text, List.class)));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> space(String text) {
        return text == null ? List.of() : json.readValue(text, List.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> nullableMap(String text) {
        return text == null ? null : json.readValue(text, LinkedHashMap.class);
    }

    private Map<String, Object> map(String text) {
        return text == null ? Map.of() : nullableMap(text);
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }

    private static LocalDateTime local(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }
}
