package dev.tunebatch.lm.ledger;

import dev.tunebatch.lm.model.CostLedger;
import dev.tunebatch.lm.model.LedgerEntry;
import dev.tunebatch.lm.usage.Phase;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.EnumMap;
import java.util.Map;

/**
 * The cost ledger in PostgreSQL (table {@code lm_cost_ledger}, migration V10): one row per LM call with its run,
 * trial, phase, model, tokens, cost and whether it was cached or failed, so that spend is queryable in SQL.
 */
public final class JdbcCostLedger implements CostLedger {

    private final JdbcTemplate jdbc;

    public JdbcCostLedger(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void record(LedgerEntry e) {
        jdbc.update("INSERT INTO lm_cost_ledger (run_id, trial_id, phase, model, endpoint, input_tokens, "
                        + "output_tokens, cost, cached, failed, attempts, latency_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.account().run(), e.account().trial(), e.phase().label(), e.model(),
                e.endpoint() == null ? "" : e.endpoint(), e.inputTokens(), e.outputTokens(), e.cost(), e.cached(),
                e.failed(), e.attempts(), e.latencyMillis());
    }

    /**
     * The totals of one trial, per phase (phases without calls are absent). A row's failed attempts are all its
     * attempts when the call failed, else all but the one that was answered.
     */
    public Map<Phase, LedgerTotals> totals(String run, String trial) {
        Map<Phase, LedgerTotals> out = new EnumMap<>(Phase.class);
        jdbc.query("SELECT phase, count(*), sum(input_tokens), sum(output_tokens), sum(cost), "
                        + "count(*) FILTER (WHERE cached), count(*) FILTER (WHERE failed), sum(attempts), "
                        + "sum(attempts) - count(*) FILTER (WHERE NOT failed AND attempts > 0) "
                        + "FROM lm_cost_ledger WHERE run_id = ? AND trial_id = ? GROUP BY phase",
                rs -> {
                    out.put(Phase.ofLabel(rs.getString(1)), new LedgerTotals(rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            rs.getLong(9)));
                }, run, trial);
        return out;
    }

    /** The total cost of a run. */
    public double runCost(String run) {
        Double d = jdbc.queryForObject("SELECT coalesce(sum(cost), 0) FROM lm_cost_ledger WHERE run_id = ?",
                Double.class, run);
        return d == null ? 0 : d;
    }
}
