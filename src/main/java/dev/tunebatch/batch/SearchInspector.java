package dev.tunebatch.batch;

import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of a stored search for operators: trials by status, the best so far, running trials with the age of
 * their heartbeat, the job executions, and the best hyperparameters as JSON. Everything comes from SQL, so the same
 * questions can be asked of the database directly.
 */
public final class SearchInspector {

    /** A running step whose heartbeat is older than this many heartbeat intervals is reported stale. */
    static final int STALE_AFTER_INTERVALS = 3;

    private final JdbcTemplate jdbc;
    private final Duration staleAfter;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public SearchInspector(DataSource dataSource) {
        this(dataSource, EngineSettings.DEFAULTS.heartbeatInterval());
    }

    /** An inspector that calls a running trial stale when its step missed three heartbeats of {@code heartbeat}. */
    public SearchInspector(DataSource dataSource, Duration heartbeat) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.staleAfter = heartbeat.multipliedBy(STALE_AFTER_INTERVALS);
    }

    /** Whether the database holds a search of that name. */
    public boolean exists(String search) {
        Integer n = jdbc.queryForObject("select count(*) from tb_search where search_name = ? and oracle_state is not "
                + "null", Integer.class, search);
        return n != null && n > 0;
    }

    /** Trial counts by status, in a stable order. */
    public Map<String, Integer> countsByStatus(String search) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.query("select status, count(*) from tb_trial where search_name = ? group by status order by status",
                rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                }, search);
        return counts;
    }

    /** One of the best trials. */
    public record BestTrial(String trialId, double score, Map<String, Object> values) {
    }

    /** The best completed trials, best first (best expected first when the oracle stored expected scores). */
    public List<BestTrial> best(String search, int n) {
        return ranked(search, n).stream().map(r -> new BestTrial(r.trialId(), r.score(), r.values())).toList();
    }

    /**
     * One of the best trials with what makes its score trustworthy.
     *
     * @param expected   the oracle's expected score (the Bayesian model's posterior mean), or {@code null}
     * @param sd         the standard deviation of the objective over its executions, or {@code null}
     * @param executions how many executions its score averages
     */
    public record RankedTrial(String trialId, double score, Map<String, Object> values, Double expected, Double sd,
                              int executions) {
    }

    /**
     * The best completed trials, best first: in the order of the oracle's stored best expected scores
     * ({@code expected_best}), then by score; ties in creation order.
     */
    @SuppressWarnings("unchecked")
    public List<RankedTrial> ranked(String search, int n) {
        List<Map<String, Object>> head = jdbc.queryForList("select coalesce(oracle_state->'objective'->>'direction', "
                + "'min') as direction, (oracle_state->'expected_best')::text as expected from tb_search "
                + "where search_name = ?", search);
        if (head.isEmpty()) {
            return List.of();
        }
        String order = "max".equals(head.get(0).get("direction")) ? "desc" : "asc";
        Map<String, Double> expected = new LinkedHashMap<>();
        if (head.get(0).get("expected") != null) {
            for (Object e : json.readValue((String) head.get(0).get("expected"), List.class)) {
                List<Object> pair = (List<Object>) e;
                expected.put(String.valueOf(pair.get(0)), ((Number) pair.get(1)).doubleValue());
            }
        }
        List<RankedTrial> rows = jdbc.query("""
                        select trial_id, score, (document->'hyperparameters'->'values')::text,
                               (document->>'score_sd')::float8, coalesce(jsonb_array_length(document->'executions'), 1)
                        from tb_trial
                        where search_name = ? and status = 'COMPLETED' and score is not null
                          and (trial_id = any(?) or trial_id in (
                              select trial_id from tb_trial where search_name = ? and status = 'COMPLETED'
                                and score is not null order by score %s, length(trial_id), trial_id limit ?))
                        order by score %s, length(trial_id), trial_id""".formatted(order, order),
                (rs, i) -> {
                    double sd = rs.getDouble(4);
                    Double spread = rs.wasNull() ? null : sd;
                    return new RankedTrial(rs.getString(1), rs.getDouble(2),
                            json.readValue(rs.getString(3), LinkedHashMap.class), expected.get(rs.getString(1)),
                            spread, rs.getInt(5));
                }, search, expected.keySet().toArray(String[]::new), search, n);
        List<String> position = List.copyOf(expected.keySet());
        List<RankedTrial> sorted = new java.util.ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparingInt(r -> {
            int p = position.indexOf(r.trialId());
            return p < 0 ? Integer.MAX_VALUE : p;
        }));
        return sorted.subList(0, Math.min(n, sorted.size()));
    }

    /** A trial running now, with the age of its step's last heartbeat. */
    public record RunningTrial(String trialId, String stepStatus, Duration heartbeatAge) {
        /** Whether a live step should have committed a heartbeat since: its process is gone or cut off. */
        public boolean stale(Duration staleAfter) {
            return ("STARTED".equals(stepStatus) || "STARTING".equals(stepStatus)) && heartbeatAge != null
                    && heartbeatAge.compareTo(staleAfter) > 0;
        }
    }

    /** Trials marked RUNNING and the state of their latest step execution. */
    public List<RunningTrial> running(String search) {
        return jdbc.query("""
                select t.trial_id, se.status, se.last_updated
                from tb_trial t
                left join lateral (
                    select s.status, s.last_updated
                    from batch_step_execution s
                    join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                         and p.parameter_name = 'search' and p.parameter_value = t.search_name
                    where s.step_name = 'trial-' || t.trial_id
                    order by s.step_execution_id desc limit 1) se on true
                where t.search_name = ? and t.status = 'RUNNING'
                order by length(t.trial_id), t.trial_id""", (rs, i) -> {
            Timestamp last = rs.getTimestamp(3);
            Duration age = last == null ? null : Duration.between(last.toLocalDateTime(), LocalDateTime.now());
            return new RunningTrial(rs.getString(1), rs.getString(2) == null ? "not started" : rs.getString(2), age);
        }, search);
    }

    /** One job execution of the search. */
    public record Execution(long id, String runKey, String status, String exitCode, LocalDateTime start,
                            LocalDateTime end) {
    }

    /** The job executions of a search, newest first. */
    public List<Execution> executions(String search) {
        return jdbc.query("""
                select e.job_execution_id, r.parameter_value, e.status, e.exit_code, e.start_time, e.end_time
                from batch_job_execution e
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?
                left join batch_job_execution_params r on r.job_execution_id = e.job_execution_id
                     and r.parameter_name = 'run'
                order by e.job_execution_id desc""", (rs, i) -> new Execution(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), toLocal(rs.getTimestamp(5)), toLocal(rs.getTimestamp(6))), search);
    }

    private static LocalDateTime toLocal(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }

    /** The operator's status report. */
    public String statusReport(String search) {
        StringBuilder sb = new StringBuilder();
        sb.append("Search ").append(search).append('\n');
        Map<String, Integer> counts = countsByStatus(search);
        sb.append("Trials: ").append(counts.values().stream().mapToInt(Integer::intValue).sum());
        counts.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v));
        sb.append('\n');
        List<RankedTrial> best = ranked(search, 1);
        sb.append("Best so far: ").append(best.isEmpty() ? "none"
                : "trial " + best.get(0).trialId() + " score " + best.get(0).score()
                + (best.get(0).expected() == null ? "" : " (expected " + best.get(0).expected() + ")") + " "
                + best.get(0).values()).append('\n');
        List<StoredBudgets.Line> budgets = StoredBudgets.read(jdbc, search);
        if (!budgets.isEmpty()) {
            sb.append("Budgets: ").append(StoredBudgets.describe(budgets)).append('\n');
        }
        for (RunningTrial r : running(search)) {
            sb.append("Running: trial ").append(r.trialId()).append(" (step ").append(r.stepStatus())
                    .append(r.heartbeatAge() == null ? "" : ", heartbeat " + r.heartbeatAge().toSeconds() + " s ago")
                    .append(r.stale(staleAfter) ? ", stale: no heartbeat for " + STALE_AFTER_INTERVALS
                            + " intervals, its process is gone or cut off from the database" : "")
                    .append(")\n");
        }
        for (Execution e : executions(search)) {
            sb.append("Execution ").append(e.id()).append(" run ").append(e.runKey()).append(": ").append(e.status())
                    .append(" (").append(e.exitCode()).append("), started ").append(e.start())
                    .append(e.end() == null ? "" : ", ended " + e.end()).append('\n');
        }
        return sb.toString();
    }

    /** The results report: the best trials as a table and the best hyperparameters as JSON. */
    public String resultsReport(String search, int top) {
        StringBuilder sb = new StringBuilder();
        List<RankedTrial> best = ranked(search, top);
        boolean spread = best.stream().anyMatch(b -> b.executions() > 1);
        boolean expected = best.stream().anyMatch(b -> b.expected() != null);
        sb.append(String.format("%-8s %-14s ", "trial", "score"));
        if (spread) {
            sb.append(String.format("%-12s %-3s ", "sd", "n"));
        }
        if (expected) {
            sb.append(String.format("%-14s ", "expected"));
        }
        sb.append(String.format("hyperparameters%n"));
        for (RankedTrial b : best) {
            sb.append(String.format("%-8s %-14.6g ", b.trialId(), b.score()));
            if (spread) {
                sb.append(String.format("%-12s %-3d ", b.sd() == null ? "-" : String.format("%.4g", b.sd()),
                        b.executions()));
            }
            if (expected) {
                sb.append(String.format("%-14s ", b.expected() == null ? "-" : String.format("%.6g", b.expected())));
            }
            sb.append(b.values()).append(String.format("%n"));
        }
        sb.append("Best hyperparameters:\n");
        sb.append(best.isEmpty() ? "{}" : json.writeValueAsString(best.get(0).values())).append('\n');
        return sb.toString();
    }
}
