package dev.tunebatch.lm.optimizer;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Trains a program's learners between batches: it sees the rewarded training predictions, proposes candidate
 * states, learns how each scored on a validation minibatch, and keeps the best. Its whole state (randomness
 * included) is JSON, so that a trial resumed from an epoch checkpoint continues exactly. {@code compile} copies the
 * optimizer it is given, so programs never share one.
 */
public interface Optimizer {

    /** A fresh optimizer with the same settings. */
    Optimizer copy();

    /**
     * Prepares for a program whose learners have these keys.
     *
     * @param learners    the learners' keys, in program order
     * @param programSeed the program's seed, used when the optimizer has none of its own
     */
    void bind(Set<String> learners, long programSeed);

    /** Adds the rewarded predictions of one training batch to the pool. */
    void observe(List<RewardedExample> examples);

    /** A new candidate, or empty when the pool has nothing to offer yet. */
    Optional<Candidate> propose();

    /** The indices, among {@code validationSize} samples, on which to score a candidate. */
    List<Integer> minibatch(int validationSize);

    /** Records a candidate's score; the population keeps the best ones. */
    void report(Candidate candidate, double score);

    /** The best candidate so far. */
    Optional<Candidate> best();

    /** The state, as JSON. */
    JsonNode saveState();

    /** Restores {@link #saveState()}. */
    void restoreState(JsonNode state);
}
