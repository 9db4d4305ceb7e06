package dev.tunebatch.testing;

import dev.tunebatch.program.Callback;
import dev.tunebatch.program.Checkpointable;
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
import java.util.function.IntFunction;

/**
 * A program for tests whose epochs follow a given learning curve and which, like real programs, stops after an epoch
 * when a callback asks it to; it checkpoints the number of epochs it trained (so a resumed trial continues).
 */
public class CurveProgram implements Program, Checkpointable {

    private final IntFunction<Map<String, Double>> epochMetrics;
    private int trained;

    public CurveProgram(IntFunction<Map<String, Double>> epochMetrics) {
        this.epochMetrics = epochMetrics;
    }

    @Override
    public CompletionStage<History> fit(FitArgs args) {
        Map<String, List<Double>> h = new LinkedHashMap<>();
        try {
            for (int epoch = args.initialEpoch(); epoch < args.epochs(); epoch++) {
                for (Callback c : args.callbacks()) {
                    c.onEpochBegin(epoch);
                }
                Map<String, Double> m = epochMetrics.apply(epoch);
                trained = epoch + 1;
                m.forEach((k, v) -> h.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                boolean stop = false;
                for (Callback c : args.callbacks()) {
                    c.onEpochEnd(epoch, m);
                    stop |= c.stopRequested();
                }
                if (stop) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(History.of(h));
    }

    @Override
    public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
        return CompletableFuture.completedFuture(epochMetrics.apply(0));
    }

    @Override
    public boolean hasOptimizer() {
        return true;
    }

    @Override
    public String saveState() {
        return "{\"trained\":" + trained + "}";
    }

    @Override
    public void restoreState(String json) {
        trained = Integer.parseInt(json.replaceAll("\\D", ""));
    }

    /** Epochs trained so far (restored from a checkpoint included). */
    public int trained() {
        return trained;
    }
}
