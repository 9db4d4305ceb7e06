package dev.tunebatch.observability;

import dev.tunebatch.batch.StoredBudgets;
import dev.tunebatch.oracle.TrialStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the meters show, read from SQL ({@code tb_search}, {@code tb_trial}, {@code lm_cost_ledger}), so that every
 * number on a dashboard can be asked of the database too. LM cost belongs to a search when
 * its ledger rows carry the search's name as {@code run_id}, which the engine arranges.
 */
public final class SearchStatistics {

    /** The statuses a stored trial can have (IDLE is never stored; STOPPED is a trial pruned or over its budget). */
    public static final List<TrialStatus> STORED_STATUSES = List.of(TrialStatus.RUNNING, TrialStatus.COMPLETED,
            TrialStatus.INVALID, TrialStatus.FAILED, TrialStatus.STOPPED);

    private final JdbcTemplate jdbc;

    public SearchStatistics(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * One search at one instant.
     *
     * @param trials    trial counts for every stored status (0 when none)
     * @param bestScore the best completed trial's score in the objective's direction, or NaN before one completes
     * @param lmTokens  input plus output tokens of the search's LM calls
     * @param lmCost    the cost of the search's LM calls
     */
    public record Snapshot(Map<TrialStatus, Long> trials, double bestScore, long lmTokens, double lmCost) {
    }

    /** A trial's last run, as its document records it. */
    public record TrialRun(TrialStatus status, Instant startedAt, Instant endedAt) {

        /** How long the last run took, when it has ended. */
        public Optional<Duration> duration() {
            return startedAt == null || endedAt == null ? Optional.empty()
                    : Optional.of(Duration.between(startedAt, endedAt));
        }
    }

    /** The names of the stored searches. */
    public List<String> searches() {
        return jdbc.queryForList("select search_name from tb_search where oracle_state is not null "
                + "order by search_name", String.class);
    }

    /** The current numbers of {@code search} (zeros and NaN for a search that is not stored). */
    public Snapshot snapshot(String search) {
        Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
        STORED_STATUSES.forEach(s -> counts.put(s, 0L));
        jdbc.query("select status, count(*) from tb_trial where search_name = ? group by status", rs -> {
            counts.put(TrialStatus.valueOf(rs.getString(1)), rs.getLong(2));
        }, search);
        List<Snapshot> rows = jdbc.query("""
                select case when s.oracle_state->'objective'->>'direction' = 'max'
                            then (select max(t.score) from tb_trial t
                                  where t.search_name = s.search_name and t.status = 'COMPLETED')
                            else (select min(t.score) from tb_trial t
                                  where t.search_name = s.search_name and t.status = 'COMPLETED') end,
                       (select coalesce(sum(l.total_tokens), 0) from lm_cost_ledger l where l.run_id = s.search_name),
                       (select coalesce(sum(l.cost), 0) from lm_cost_ledger l where l.run_id = s.search_name)
                from tb_search s where s.search_name = ?""", (rs, i) -> {
            double value = rs.getDouble(1);
            double best = rs.wasNull() ? Double.NaN : value;
            return new Snapshot(counts, best, rs.getLong(2), rs.getDouble(3));
        }, search);
        return rows.isEmpty() ? new Snapshot(counts, Double.NaN, 0, 0) : rows.get(0);
    }

    /** The budgets of {@code search} with what each has consumed (empty without budgets). */
    public List<StoredBudgets.Line> budgets(String search) {
        return StoredBudgets.read(jdbc, search);
    }

    /** The last run of one trial, if the trial is stored. */
    public Optional<TrialRun> trialRun(String search, String trialId) {
        return jdbc.query("select status, document->>'started_at', document->>'ended_at' from tb_trial "
                        + "where search_name = ? and trial_id = ?",
                (rs, i) -> new TrialRun(TrialStatus.valueOf(rs.getString(1)), instant(rs.getString(2)),
                        instant(rs.getString(3))), search, trialId).stream().findFirst();
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }
}
