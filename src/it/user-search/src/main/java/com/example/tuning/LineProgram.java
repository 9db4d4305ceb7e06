package com.example.tuning;

import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The program being tuned: predicts {@code y = slope * x} and scores itself by mean squared error. It has nothing to
 * train, so the tuner evaluates it.
 */
public record LineProgram(double slope) implements Program {

    @Override
    public CompletionStage<History> fit(FitArgs args) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("nothing to train"));
    }

    @Override
    public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
        List<?> x = args.x();
        List<?> y = args.y();
        double squared = 0;
        for (int i = 0; i < x.size(); i++) {
            double error = slope * ((Number) x.get(i)).doubleValue() - ((Number) y.get(i)).doubleValue();
            squared += error * error;
        }
        return CompletableFuture.completedFuture(Map.of("loss", squared / x.size()));
    }

    @Override
    public boolean hasOptimizer() {
        return false;
    }
}
