package dev.tunebatch.results;

import java.util.Map;

/**
 * One of the best completed trials of a search with what makes its score trustworthy.
 *
 * @param score      the objective's value (the mean over its executions)
 * @param values     its hyperparameter values
 * @param expected   the oracle's expected score (the Bayesian model's posterior mean), or {@code null}
 * @param sd         the standard deviation of the objective over its executions, or {@code null}
 * @param executions how many executions its score averages
 */
public record RankedTrial(String trialId, double score, Map<String, Object> values, Double expected, Double sd,
                          int executions) {
}
