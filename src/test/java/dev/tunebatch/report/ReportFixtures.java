package dev.tunebatch.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made reports for the renderer's and the estimator's tests. */
final class ReportFixtures {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private ReportFixtures() {
    }

    static ReportTrial completed(int index, double score, Map<String, Object> values) {
        return new ReportTrial(index, String.format("%02d", index), "COMPLETED", score, values, 1,
                T0.plusSeconds(index * 10L), T0.plusSeconds(index * 10L + 3), null);
    }

    static ReportTrial failed(int index, Map<String, Object> values, String message) {
        return new ReportTrial(index, String.format("%02d", index), "FAILED", null, values, 2,
                T0.plusSeconds(index * 10L), T0.plusSeconds(index * 10L + 1), message);
    }

    static SearchReport report(boolean maximize, List<ReportTrial> trials, List<CostLine> cost) {
        return new SearchReport("fixture", "random", "val_reward", maximize, T0,
                List.of(new HyperparameterSpec("x", "Float", 0.0, 1.0, false, List.of()),
                        new HyperparameterSpec("model", "Choice", null, null, false, List.of("small", "large"))),
                trials, cost);
    }

    /** Completed trials with the given scores, x = i / n, model alternating. */
    static List<ReportTrial> scored(double... scores) {
        List<ReportTrial> trials = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            trials.add(completed(i, scores[i], Map.of("x", (double) i / scores.length,
                    "model", i % 2 == 0 ? "small" : "large")));
        }
        return trials;
    }
}
