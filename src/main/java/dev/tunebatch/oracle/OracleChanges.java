package dev.tunebatch.oracle;

import java.util.List;
import java.util.Map;

/**
 * What an oracle changed since the last time it was asked: the trials to write and its own (small) state.
 *
 * @param trials copies of the trials that changed
 * @param state  the oracle state, plain data
 */
public record OracleChanges(List<Trial> trials, Map<String, Object> state) {
}
