package dev.tunebatch.store;

import java.util.List;
import java.util.Map;

/**
 * A program's trainable state after a completed epoch, with the metrics of the epochs so far, so that an interrupted
 * trial resumes from the next epoch and a Hyperband promotion starts from its parent.
 *
 * @param epoch   the last completed epoch (0-based)
 * @param state   the program's own JSON state
 * @param history metrics of epochs {@code 0..epoch}
 */
public record ProgramCheckpoint(int epoch, String state, Map<String, List<Double>> history) {
}
