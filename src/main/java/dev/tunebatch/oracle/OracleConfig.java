package dev.tunebatch.oracle;

/**
 * Settings every oracle shares. They come from the tuner's builder on every start (a resumed search takes the new
 * values), unlike the seed, RNG position and search space, which are restored from the store.
 *
 * @param maxTrials                  how many trials to create, or {@code null} for no limit (grid, Hyperband)
 * @param seed                       the seed of the oracle's random stream
 * @param maxRetriesPerTrial         how many times an INVALID trial is run again with the same hyperparameters
 * @param maxConsecutiveFailedTrials how many FAILED trials in a row abort the search
 * @param maxCollisions              how many duplicate random proposals in a row end a random search
 * @param allowNewEntries            whether hyperparameters first met during a trial may join the space
 * @param tuneNewEntries             whether such hyperparameters are searched (else they keep their defaults)
 */
public record OracleConfig(ObjectiveSpec objective, Integer maxTrials, long seed, int maxRetriesPerTrial,
                           int maxConsecutiveFailedTrials, int maxCollisions, boolean allowNewEntries,
                           boolean tuneNewEntries) {

    public OracleConfig {
        if (objective == null) {
            throw new IllegalArgumentException("objective: an objective is required; pass Objective.of(name, "
                    + "direction).");
        }
        if (maxTrials != null && maxTrials < 1) {
            throw new IllegalArgumentException("maxTrials: " + maxTrials + " is not a positive number of trials.");
        }
        if (maxRetriesPerTrial < 0) {
            throw new IllegalArgumentException("maxRetriesPerTrial: " + maxRetriesPerTrial + " must be >= 0.");
        }
        if (maxConsecutiveFailedTrials < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailedTrials: " + maxConsecutiveFailedTrials
                    + " must be >= 1.");
        }
        if (maxCollisions < 0) {
            throw new IllegalArgumentException("maxCollisions: " + maxCollisions + " must be >= 0.");
        }
        if (!allowNewEntries && tuneNewEntries) {
            tuneNewEntries = false;
        }
    }

    /** keras-tuner's defaults: no retries, 3 consecutive failures, 20 collisions, new entries allowed and tuned. */
    public static OracleConfig defaults(ObjectiveSpec objective, Integer maxTrials, long seed) {
        return new OracleConfig(objective, maxTrials, seed, 0, 3, 20, true, true);
    }

    public OracleConfig withMaxTrials(Integer newMaxTrials) {
        return new OracleConfig(objective, newMaxTrials, seed, maxRetriesPerTrial, maxConsecutiveFailedTrials,
                maxCollisions, allowNewEntries, tuneNewEntries);
    }
}
