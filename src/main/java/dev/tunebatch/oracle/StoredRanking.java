package dev.tunebatch.oracle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The best trials of a stored search, for readers that have its state but no oracle (the command line, the report, a
 * warm start): COMPLETED trials in the order of the oracle's stored best expected scores ({@code expected_best}, the
 * Bayesian model's posterior mean), then the other COMPLETED trials by score; ties keep creation order. Without stored
 * expected scores this is the order by score (the mean over a trial's executions).
 */
public final class StoredRanking {

    private StoredRanking() {
    }

    /** The expected scores stored with the oracle's state, best first (empty when the algorithm has none). */
    @SuppressWarnings("unchecked")
    public static Map<String, Double> expected(Map<String, Object> oracleState) {
        Map<String, Double> out = new LinkedHashMap<>();
        Object list = oracleState == null ? null : oracleState.get("expected_best");
        if (list instanceof List<?> entries) {
            for (Object e : entries) {
                List<Object> pair = (List<Object>) e;
                out.put(String.valueOf(pair.get(0)), MetricHistory.toDouble(pair.get(1)));
            }
        }
        return out;
    }

    /** The {@code n} best COMPLETED trials, best first; copies carry their expected score when there is one. */
    public static List<Trial> best(List<Trial> trials, MetricDirection direction, Map<String, Double> expected,
                                   int n) {
        List<Trial> completed = new ArrayList<>(trials.stream()
                .filter(t -> t.status() == TrialStatus.COMPLETED && t.score() != null).toList());
        Map<String, Integer> position = new LinkedHashMap<>();
        int i = 0;
        for (String id : expected.keySet()) {
            position.put(id, i++);
        }
        Comparator<Trial> byScore = Comparator.comparingDouble(Trial::score);
        Comparator<Trial> order = Comparator.comparingInt((Trial t) -> position.getOrDefault(t.id(),
                Integer.MAX_VALUE)).thenComparing(direction == MetricDirection.MAX ? byScore.reversed() : byScore);
        completed.sort(order);
        return completed.subList(0, Math.min(n, completed.size())).stream().map(t -> {
            Trial copy = t.copy();
            copy.progress().setExpected(expected.get(t.id()));
            return copy;
        }).toList();
    }
}
