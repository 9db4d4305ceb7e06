package dev.tunebatch.store;

import java.util.List;
import java.util.Map;

/**
 * A search as stored: the oracle state and the trials, all plain data.
 *
 * @param oracleState {@code Oracle.state()} as last saved
 * @param trials      each trial's {@code Trial.toConfig()}
 */
public record StoredSearch(Map<String, Object> oracleState, List<Map<String, Object>> trials) {
}
