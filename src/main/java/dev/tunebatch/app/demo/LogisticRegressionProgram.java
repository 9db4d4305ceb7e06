package dev.tunebatch.app.demo;

import dev.tunebatch.program.Callback;
import dev.tunebatch.program.Checkpointable;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * A small but real trainable program for the demo and tests: logistic regression trained by mini-batch SGD with L2
 * regularisation, reporting {@code loss}, {@code accuracy} and their {@code val_} twins per epoch. Its weights are its
 * checkpointable state, so an interrupted trial resumes from its last epoch.
 */
public final class LogisticRegressionProgram implements Program, Checkpointable {

    private final double learningRate;
    private final double l2;
    private final long seed;
    private double[] weights;

    public LogisticRegressionProgram(int features, double learningRate, double l2, long seed) {
        this.learningRate = learningRate;
        this.l2 = l2;
        this.seed = seed;
        this.weights = new double[features + 1];
    }

    @Override
    public CompletionStage<History> fit(FitArgs args) {
        return CompletableFuture.supplyAsync(() -> train(args));
    }

    private History train(FitArgs args) {
        List<double[]> x = rows(args.x());
        List<Double> y = labels(args.y());
        int batch = args.batchSize() == null ? 16 : args.batchSize();
        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (int epoch = args.initialEpoch(); epoch < args.epochs(); epoch++) {
            for (Callback c : args.callbacks()) {
                c.onEpochBegin(epoch);
            }
            Integer[] order = shuffled(x.size(), seed * 31 + epoch);
            for (int start = 0; start < order.length; start += batch) {
                double[] grad = new double[weights.length];
                int end = Math.min(order.length, start + batch);
                for (int k = start; k < end; k++) {
                    double[] row = x.get(order[k]);
                    double err = predict(row) - y.get(order[k]);
                    for (int j = 0; j < row.length; j++) {
                        grad[j] += err * row[j];
                    }
                    grad[row.length] += err;
                }
                for (int j = 0; j < weights.length; j++) {
                    double reg = j < weights.length - 1 ? l2 * weights[j] : 0;
                    weights[j] -= learningRate * (grad[j] / (end - start) + reg);
                }
            }
            Map<String, Double> logs = new LinkedHashMap<>(score(x, y, ""));
            if (args.validationX() != null) {
                logs.putAll(score(rows(args.validationX()), labels(args.validationY()), "val_"));
            }
            logs.forEach((k, v) -> history.computeIfAbsent(k, z -> new ArrayList<>()).add(v));
            for (Callback c : args.callbacks()) {
                c.onEpochEnd(epoch, logs);
            }
            if (args.callbacks().stream().anyMatch(Callback::stopRequested)) {
                break;
            }
        }
        return History.of(history);
    }

    @Override
    public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
        return CompletableFuture.supplyAsync(() -> score(rows(args.x()), labels(args.y()), ""));
    }

    @Override
    public boolean hasOptimizer() {
        return true;
    }

    private Map<String, Double> score(List<double[]> x, List<Double> y, String prefix) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < x.size(); i++) {
            double p = Math.min(1 - 1e-12, Math.max(1e-12, predict(x.get(i))));
            loss -= y.get(i) * Math.log(p) + (1 - y.get(i)) * Math.log(1 - p);
            correct += (p >= 0.5 ? 1.0 : 0.0) == y.get(i) ? 1 : 0;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", loss / x.size());
        m.put(prefix + "accuracy", correct / (double) x.size());
        return m;
    }

    private double predict(double[] row) {
        double z = weights[weights.length - 1];
        for (int j = 0; j < row.length; j++) {
            z += weights[j] * row[j];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private static Integer[] shuffled(int n, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, new Random(seed));
        return idx.toArray(Integer[]::new);
    }

    private static List<double[]> rows(List<?> x) {
        return x.stream().map(r -> (double[]) r).toList();
    }

    private static List<Double> labels(List<?> y) {
        return y.stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    @Override
    public String saveState() {
        return Arrays.stream(weights).mapToObj(Double::toString).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public void restoreState(String json) {
        String body = json.trim().substring(1, json.trim().length() - 1);
        weights = Arrays.stream(body.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
