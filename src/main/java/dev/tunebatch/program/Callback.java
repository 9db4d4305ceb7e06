package dev.tunebatch.program;

import java.util.Map;

/** Hooks a program calls during {@code fit}; all optional. */
public interface Callback {

    /** Before epoch {@code epoch} (0-based). */
    default void onEpochBegin(int epoch) {
    }

    /** After epoch {@code epoch} with that epoch's metrics. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** Whether the program should stop training after the current epoch (early stopping, a graceful stop). */
    default boolean stopRequested() {
        return false;
    }
}
