package dev.tunebatch.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One trial as the report shows it, from {@code tb_trial}.
 *
 * @param index     its position in creation order (0 for the first trial)
 * @param score     the objective's value, or {@code null} when the trial did not complete
 * @param values    the hyperparameter values ({@code document->hyperparameters->values})
 * @param runCount  how many times the trial ended (retries included)
 * @param startedAt when its last run started, or {@code null}
 * @param endedAt   when its last run ended, or {@code null}
 * @param message   why it failed (or was stopped early), or {@code null}
 * @param scoreSd   the standard deviation of the objective over the trial's executions, or {@code null}
 * @param executions how many executions its score averages (1 without repeated executions)
 */
record ReportTrial(int index, String id, String status, Double score, Map<String, Object> values, int runCount,
                   Instant startedAt, Instant endedAt, String message, Double scoreSd, int executions) {

    ReportTrial(int index, String id, String status, Double score, Map<String, Object> values, int runCount,
                Instant startedAt, Instant endedAt, String message) {
        this(index, id, status, score, values, runCount, startedAt, endedAt, message, null, 1);
    }

    boolean completed() {
        return "COMPLETED".equals(status) && score != null && Double.isFinite(score);
    }

    /** The last run's duration, or {@code null} while running or never started. */
    Duration duration() {
        return startedAt == null || endedAt == null || endedAt.isBefore(startedAt) ? null
                : Duration.between(startedAt, endedAt);
    }
}
