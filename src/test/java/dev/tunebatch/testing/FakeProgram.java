package dev.tunebatch.testing;

import dev.tunebatch.program.Callback;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A program for tests: each epoch's metrics come from a function of the epoch; fit and evaluate record the arguments
 * and threads they ran with.
 */
public class FakeProgram implements Program {

    /** Metrics of one epoch. */
    @FunctionalInterface
    public interface EpochMetrics {
        Map<String, Double> at(int epoch) throws Exception;
    }

    private final boolean optimizer;
    private final EpochMetrics epochMetrics;
    private final Function<EvaluateArgs, Map<String, Double>> evaluation;
    public final List<FitArgs> fitCalls = new CopyOnWriteArrayList<>();
    public final List<EvaluateArgs> evaluateCalls = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();

    public FakeProgram(EpochMetrics epochMetrics) {
        this(true, epochMetrics, null);
    }

    public FakeProgram(boolean optimizer, EpochMetrics epochMetrics,
                       Function<EvaluateArgs, Map<String, Double>> evaluation) {
        this.optimizer = optimizer;
        this.epochMetrics = epochMetrics;
        this.evaluation = evaluation;
    }

    /** A program whose fit returns the same metrics at every epoch. */
    public static FakeProgram constant(Map<String, Double> metrics) {
        return new FakeProgram(epoch -> metrics);
    }

    @Override
    public CompletionStage<History> fit(FitArgs args) {
        fitCalls.add(args);
        threads.add(Thread.currentThread().getName());
        Map<String, List<Double>> h = new LinkedHashMap<>();
        try {
            for (int epoch = args.initialEpoch(); epoch < args.epochs(); epoch++) {
                for (Callback c : args.callbacks()) {
                    c.onEpochBegin(epoch);
                }
                Map<String, Double> m = epochMetrics.at(epoch);
                onEpoch(epoch);
                m.forEach((k, v) -> h.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                for (Callback c : args.callbacks()) {
                    c.onEpochEnd(epoch, m);
                }
            }
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(History.of(h));
    }

    /** Hook for subclasses: called after an epoch's metrics were computed, before callbacks. */
    protected void onEpoch(int epoch) throws Exception {
    }

    @Override
    public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
        evaluateCalls.add(args);
        threads.add(Thread.currentThread().getName());
        return CompletableFuture.supplyAsync(() -> evaluation.apply(args));
    }

    @Override
    public boolean hasOptimizer() {
        return optimizer;
    }
}
