package dev.tunebatch.bench;

import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.IntOptions;
import dev.tunebatch.hp.Sampling;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A benchmark objective (README, Benchmarks): its search space and the function the oracle minimises.
 *
 * @param optimum the known minimum
 */
public record BenchObjective(String name, Supplier<HyperParameters> space, ToDoubleFunction<Map<String, Object>> f,
                             double optimum) {

    /** branin, hartmann6 and mixed, in that order. */
    public static List<BenchObjective> all() {
        return List.of(branin(), hartmann6(), mixed());
    }

    /** The value at a trial's values. */
    public double evaluate(Map<String, Object> values) {
        return f.applyAsDouble(values);
    }

    /** 2-D Branin on x1 ∈ [−5, 10], x2 ∈ [0, 15]; optimum 0.397887. */
    public static BenchObjective branin() {
        return new BenchObjective("branin", () -> {
            HyperParameters hp = new HyperParameters();
            hp.floatParam("x1", -5, 10);
            hp.floatParam("x2", 0, 15);
            return hp;
        }, v -> {
            double x1 = num(v, "x1");
            double x2 = num(v, "x2");
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double c = 5 / Math.PI;
            double t = 1 / (8 * Math.PI);
            double a = x2 - b * x1 * x1 + c * x1 - 6;
            return a * a + 10 * (1 - t) * Math.cos(x1) + 10;
        }, 0.397887);
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
            {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H_P = {
            {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

    /** 6-D Hartmann on [0, 1]⁶; optimum −3.32237. */
    public static BenchObjective hartmann6() {
        return new BenchObjective("hartmann6", () -> {
            HyperParameters hp = new HyperParameters();
            for (int j = 1; j <= 6; j++) {
                hp.floatParam("x" + j, 0, 1);
            }
            return hp;
        }, v -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = num(v, "x" + (j + 1)) - 1e-4 * H_P[i][j];
                    inner += H_A[i][j] * d * d;
                }
                sum += H_ALPHA[i] * Math.exp(-inner);
            }
            return -sum;
        }, -3.32237);
    }

    /** The mixed space: optimizer choice, Int layers, log Float lr, stepped Int units; optimum 0. */
    public static BenchObjective mixed() {
        Map<String, Double> base = Map.of("sgd", 0.30, "adam", 0.0, "rmsprop", 0.10);
        Map<String, Double> target = Map.of("sgd", -1.5, "adam", -3.0, "rmsprop", -2.5);
        return new BenchObjective("mixed", () -> {
            HyperParameters hp = new HyperParameters();
            hp.choice("optimizer", List.of("sgd", "adam", "rmsprop"));
            hp.intParam("layers", 1, 8);
            hp.floatParam("lr", 1e-5, 1e-1, FloatOptions.defaults().sampling(Sampling.LOG));
            hp.intParam("units", 16, 512, IntOptions.defaults().step(16));
            return hp;
        }, v -> {
            String opt = (String) v.get("optimizer");
            double lr = num(v, "lr");
            double layers = num(v, "layers");
            double units = num(v, "units");
            double dl = Math.log10(lr) - target.get(opt);
            double du = Math.log(units) / Math.log(2) - 7;
            return base.get(opt) + 0.5 * dl * dl + 0.02 * (layers - 5) * (layers - 5) + 0.025 * du * du;
        }, 0.0);
    }

    private static double num(Map<String, Object> v, String key) {
        return ((Number) v.get(key)).doubleValue();
    }
}
