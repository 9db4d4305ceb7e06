package dev.tunebatch.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One trial as the report shows it, from {@code tb_trial}.
 *
 * @param index      its position in creation order (0 for the first trial)
 * @param score      the objective's value (the mean over the trial's executions), or {@code null} when the trial did
 *                   not complete (or in a Pareto search)
 * @param values     the hyperparameter values ({@code document->hyperparameters->values})
 * @param runCount   how many times the trial ended (retries included)
 * @param startedAt  when its last run started, or {@code null}
 * @param endedAt    when its last run ended, or {@code null}
 * @param message    why it failed (or was stopped early), or {@code null}
 * @param objectives a Pareto trial's value of each objective, in the search's order (empty otherwise)
 * @param front      its non-dominated front among the ranked trials, 0 for the first; {@code null} when unranked
 * @param violations the constraints it violates, each with its value (empty when feasible or not completed)
 * @param ranked     whether it completed with a value for every objective (it takes part in the ranking)
 * @param scoreSd    the standard deviation of the objective over the trial's executions, or {@code null}
 * @param executions how many executions its score averages (1 without repeated executions)
 */
record ReportTrial(int index, String id, String status, Double score, Map<String, Object> values, int runCount,
                   Instant startedAt, Instant endedAt, String message, List<Double> objectives, Integer front,
                   List<String> violations, boolean ranked, Double scoreSd, int executions) {

    /** A trial of a Pareto or constrained search, without repeated executions. */
    ReportTrial(int index, String id, String status, Double score, Map<String, Object> values, int runCount,
                Instant startedAt, Instant endedAt, String message, List<Double> objectives, Integer front,
                List<String> violations, boolean ranked) {
        this(index, id, status, score, values, runCount, startedAt, endedAt, message, objectives, front, violations,
                ranked, null, 1);
    }

    /** A trial of a single-objective search without constraints. */
    ReportTrial(int index, String id, String status, Double score, Map<String, Object> values, int runCount,
                Instant startedAt, Instant endedAt, String message) {
        this(index, id, status, score, values, runCount, startedAt, endedAt, message, List.of(), null, List.of(),
                "COMPLETED".equals(status) && score != null && Double.isFinite(score), null, 1);
    }

    /** Whether it completed with a value for every objective. */
    boolean completed() {
        return ranked;
    }

    /** Whether it respects every constraint (a trial that did not complete is not judged). */
    boolean feasible() {
        return violations.isEmpty();
    }

    /** Whether it is on the Pareto front (the first front) and feasible. */
    boolean onFront() {
        return front != null && front == 0 && feasible();
    }

    /** The last run's duration, or {@code null} while running or never started. */
    Duration duration() {
        return startedAt == null || endedAt == null || endedAt.isBefore(startedAt) ? null
                : Duration.between(startedAt, endedAt);
    }
}
