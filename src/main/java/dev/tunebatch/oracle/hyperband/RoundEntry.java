package dev.tunebatch.oracle.hyperband;

/**
 * One trial of a Hyperband round.
 *
 * @param trialId  the trial
 * @param parentId the trial of the previous round it continues, or {@code null} in round 0
 */
record RoundEntry(String trialId, String parentId) {
}
