/**
 * Rewards that score an LM program's prediction against the expected one ({@code ExactMatch} with field masks,
 * cosine similarity of embeddings, an LM as judge). Depends on {@code lm.data}, {@code lm.embedding} and
 * {@code lm.model}.
 */
package dev.tunebatch.lm.reward;
