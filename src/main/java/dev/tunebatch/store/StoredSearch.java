package dev.tunebatch.store;

import java.util.List;
import java.util.Map;

/**
 * A search as stored: the oracle state and the trials, all plain data.
 *
 * @param oracleState  {@code Oracle.state()} as last saved
 * @param trials       each trial's {@code Trial.toConfig()}: all of them, or, for a load of the changes since a
 *                     revision, only those saved after it
 * @param changesSince the revision the trials are the changes since, or {@link #COMPLETE} when they are all the trials
 */
public record StoredSearch(Map<String, Object> oracleState, List<Map<String, Object>> trials, long changesSince) {

    /** {@link #changesSince} of a load that holds every trial. */
    public static final long COMPLETE = -1;

    /** Every trial of the search with its oracle state. */
    public StoredSearch(Map<String, Object> oracleState, List<Map<String, Object>> trials) {
        this(oracleState, trials, COMPLETE);
    }

    /** Whether {@link #trials} holds every trial, not only the changed ones. */
    public boolean complete() {
        return changesSince == COMPLETE;
    }
}
