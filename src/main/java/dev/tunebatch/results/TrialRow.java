package dev.tunebatch.results;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code tb_trial} as readers show it.
 *
 * @param score      the objective's value (the mean over its executions), or {@code null} before it completes
 * @param values     its hyperparameter values (empty when none is stored)
 * @param runCount   how many times it ended (retries included)
 * @param startedAt  when its last run started, or {@code null}
 * @param endedAt    when its last run ended, or {@code null}
 * @param message    why it failed (or was stopped early), or {@code null}
 * @param metrics    its metrics as stored ({@code document->metrics}); empty when none
 * @param scoreSd    the standard deviation of the objective over its executions, or {@code null}
 * @param executions how many executions its score averages (1 without repeated executions)
 */
public record TrialRow(String id, String status, Double score, Map<String, Object> values, int runCount,
                       Instant startedAt, Instant endedAt, String message, Map<String, Object> metrics, Double scoreSd,
                       int executions) {
}
