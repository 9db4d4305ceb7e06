package dev.tunebatch.results;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of a stored search for operators: trials by status, the best so far, running trials with the age of
 * their heartbeat, the job executions, and the best hyperparameters as JSON, with the text of the {@code status} and
 * {@code results} commands. Everything comes from SQL ({@link StoredSearches}), so the same questions can be asked of
 * the database directly.
 */
public final class SearchInspector {

    /** A running step whose heartbeat is older than this many heartbeat intervals is reported stale. */
    static final int STALE_AFTER_INTERVALS = 3;

    private final StoredSearches searches;
    private final Duration staleAfter;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** An inspector that calls a running trial stale when its step missed three heartbeats of {@code heartbeat}. */
    public SearchInspector(DataSource dataSource, Duration heartbeat) {
        this.searches = new StoredSearches(dataSource);
        this.staleAfter = heartbeat.multipliedBy(STALE_AFTER_INTERVALS);
    }

    /** Whether the database holds a search of that name. */
    public boolean exists(String search) {
        return searches.exists(search);
    }

    /** Trial counts by status, in a stable order. */
    public Map<String, Integer> countsByStatus(String search) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        searches.countsByStatus(search).forEach((status, n) -> counts.put(status, n.intValue()));
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
     * The best completed trials, best first: in the order of the oracle's stored best expected scores
     * ({@code expected_best}), then by score; ties in creation order.
     */
    public List<RankedTrial> ranked(String search, int n) {
        return searches.ranked(search, n);
    }

    /** Trials marked RUNNING and the state of their latest step execution. */
    public List<RunningTrial> running(String search) {
        return searches.running(search);
    }

    /** The job executions of the search, newest first. */
    public List<SearchExecution> executions(String search) {
        return searches.executions(search);
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
        List<StoredBudgets.Line> budgets = searches.budgets(search);
        if (!budgets.isEmpty()) {
            sb.append("Budgets: ").append(StoredBudgets.describe(budgets)).append('\n');
        }
        for (RunningTrial r : running(search)) {
            sb.append("Running: trial ").append(r.trialId()).append(" (step ").append(r.stepStatus())
                    .append(r.worker() == null ? "" : ", on worker " + r.worker())
                    .append(r.heartbeatAge() == null ? "" : ", heartbeat " + r.heartbeatAge().toSeconds() + " s ago")
                    .append(r.stale(staleAfter) ? ", stale: no heartbeat for " + STALE_AFTER_INTERVALS
                            + " intervals, its process is gone or cut off from the database" : "")
                    .append(")\n");
        }
        Map<String, Integer> perWorker = searches.trialsPerWorker(search);
        if (!perWorker.isEmpty()) {
            sb.append("Trials per worker: ").append(perWorker.entrySet().stream()
                    .map(w -> w.getKey() + " " + w.getValue()).collect(java.util.stream.Collectors.joining(", ")))
                    .append('\n');
        }
        for (SearchExecution e : executions(search)) {
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
