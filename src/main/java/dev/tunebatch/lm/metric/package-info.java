/**
 * Metrics of LM programs (accuracy, precision, recall, F-scores, tokens, cost, latency, calls, failed attempts),
 * each with its direction as Synalinks registers it, so that an objective on them is maximised or minimised
 * correctly. Depends on {@code lm.usage} and {@code lm.data}.
 */
package dev.tunebatch.lm.metric;
