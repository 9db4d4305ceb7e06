package dev.tunebatch.bench;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One sequential search driven directly through the oracle (create → update → end), recording every score and the
 * wall time of each suggestion and each end.
 *
 * @param scores       objective values of the completed trials, in order
 * @param createNanos  wall time of the create call that produced each completed trial
 * @param endNanos     wall time of the update + end calls of each completed trial
 */
public record SearchRun(List<Double> scores, List<Long> createNanos, List<Long> endNanos) {

    /** Runs up to {@code trials} trials, fewer if the oracle stops. */
    public static SearchRun run(Oracle oracle, BenchObjective objective, int trials) {
        oracle.updateSpace(objective.space().get());
        List<Double> scores = new ArrayList<>();
        List<Long> create = new ArrayList<>();
        List<Long> end = new ArrayList<>();
        while (scores.size() < trials) {
            long t0 = System.nanoTime();
            Trial t = oracle.createTrial("w0");
            long t1 = System.nanoTime();
            if (t.status() != TrialStatus.RUNNING) {
                break;
            }
            double v = objective.evaluate(t.hyperparameters().values());
            long t2 = System.nanoTime();
            oracle.updateTrial(t.id(), Map.of("score", v), 0);
            t.setStatus(TrialStatus.COMPLETED);
            oracle.endTrial(t);
            long t3 = System.nanoTime();
            scores.add(v);
            create.add(t1 - t0);
            end.add(t3 - t2);
        }
        return new SearchRun(scores, create, end);
    }

    /** The lowest score among the first {@code n} completed trials (all of them if fewer). */
    public double bestWithin(int n) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(n, scores.size()); i++) {
            best = Math.min(best, scores.get(i));
        }
        return best;
    }
}
