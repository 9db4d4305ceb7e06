package dev.tunebatch.observability;

import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.results.StoredBudgets;
import dev.tunebatch.results.StoredSearches;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the meters show, read from SQL (the search's read model, {@link StoredSearches}, and {@code lm_cost_ledger}), so
 * that every number on a dashboard can be asked of the database too. LM cost belongs to a search when
 * its ledger rows carry the search's name as {@code run_id}, which the engine arranges.
 */
public final class SearchStatistics {

    /** The statuses a stored trial can have (IDLE is never stored; STOPPED is a trial pruned or over its budget). */
    public static final List<TrialStatus> STORED_STATUSES = List.of(TrialStatus.RUNNING, TrialStatus.COMPLETED,
            TrialStatus.INVALID, TrialStatus.FAILED, TrialStatus.STOPPED);

    private final JdbcTemplate jdbc;
    private final StoredSearches searches;

    public SearchStatistics(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.searches = new StoredSearches(jdbc);
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

    /** The names of the stored searches. */
    public List<String> searches() {
        return searches.names();
    }

    /** The current numbers of {@code search} (zeros and NaN for a search that is not stored). */
    public Snapshot snapshot(String search) {
        Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
        STORED_STATUSES.forEach(s -> counts.put(s, 0L));
        searches.countsByStatus(search).forEach((status, n) -> counts.put(TrialStatus.valueOf(status), n));
        if (searches.head(search).isEmpty()) {
            return new Snapshot(counts, Double.NaN, 0, 0);
        }
        double best = searches.bestScore(search).orElse(Double.NaN);
        return jdbc.queryForObject("select coalesce(sum(total_tokens), 0), coalesce(sum(cost), 0) from lm_cost_ledger "
                + "where run_id = ?", (rs, i) -> new Snapshot(counts, best, rs.getLong(1), rs.getDouble(2)), search);
    }

    /** The budgets of {@code search} with what each has consumed (empty without budgets). */
    public List<StoredBudgets.Line> budgets(String search) {
        return searches.budgets(search);
    }

    /** With remote execution: the trials each worker reported ("pid N on host" to count). */
    public Map<String, Integer> trialsPerWorker(String search) {
        return searches.trialsPerWorker(search);
    }
}
