package dev.tunebatch.program;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} returns: for each metric, one value per epoch, in epoch order. */
public final class History {

    private final Map<String, List<Double>> history;

    private History(Map<String, List<Double>> history) {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        history.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        this.history = Collections.unmodifiableMap(copy);
    }

    /** A history from metric name to per-epoch values (key order is kept). */
    public static History of(Map<String, List<Double>> history) {
        return new History(history);
    }

    /** An empty history. */
    public static History empty() {
        return new History(Map.of());
    }

    /** Metric name to per-epoch values. */
    public Map<String, List<Double>> history() {
        return history;
    }

    /** The number of epochs recorded (the longest list). */
    public int epochs() {
        return history.values().stream().mapToInt(List::size).max().orElse(0);
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
