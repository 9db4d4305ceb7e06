package dev.tunebatch.bench;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One sequential search driven directly through the oracle (create → update → end), recording every score and the
 * wall time of each suggestion and each end, plus the suggestion's CPU time (which other processes on a shared
 * machine do not inflate).
 *
 * @param scores         objective values of the completed trials, in order
 * @param createNanos    wall time of the create call that produced each completed trial
 * @param createCpuNanos CPU time of this thread during that create call
 * @param endNanos       wall time of the update + end calls of each completed trial
 */
public record SearchRun(List<Double> scores, List<Long> createNanos, List<Long> createCpuNanos, List<Long> endNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Runs up to {@code trials} trials, fewer if the oracle stops. */
    public static SearchRun run(Oracle oracle, BenchObjective objective, int trials) {
        oracle.updateSpace(objective.space().get());
        List<Double> scores = new ArrayList<>();
        List<Long> create = new ArrayList<>();
        List<Long> createCpu = new ArrayList<>();
        List<Long> end = new ArrayList<>();
        while (scores.size() < trials) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Trial t = oracle.createTrial("w0");
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
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
            createCpu.add(c1 - c0);
            end.add(t3 - t2);
        }
        return new SearchRun(scores, create, createCpu, end);
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
