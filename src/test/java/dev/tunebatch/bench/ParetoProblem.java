package dev.tunebatch.bench;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A two-objective benchmark problem of the Pareto benchmark: its search space, the metrics a trial reports, and the
 * reference point of the hypervolume (in "lower is better" coordinates). {@code pareto_optuna.py} beside this
 * file defines the same problems for Optuna; keep the two in step.
 *
 * @param metrics        the two reported metrics and their directions
 * @param reference      the hypervolume's reference point, both coordinates minimised
 * @param looseReference a second reference point that every trial of a search falls within (for ZDT, where only
 *                       trials near the front are within the first)
 */
public record ParetoProblem(String name, Consumer<HyperParameters> space,
                            Function<Map<String, Object>, Map<String, Double>> evaluate,
                            Map<String, MetricDirection> metrics, double[] reference, double[] looseReference) {

    /** ZDT1 in 6-D, ZDT2 in 4-D, and the LM quality/cost space. */
    public static List<ParetoProblem> all() {
        return List.of(zdt1(6), zdt2(4), lmQualityCost());
    }

    /** The Pareto objective of the problem. */
    public ObjectiveSpec objective() {
        return ObjectiveSpec.pareto(metrics.entrySet().stream()
                .map(e -> ObjectiveSpec.single(e.getKey(), e.getValue())).toList());
    }

    /** A trial's metrics turned into the two minimised coordinates of the hypervolume. */
    public double[] minimised(Map<String, Double> reported) {
        double[] y = new double[metrics.size()];
        int j = 0;
        for (Map.Entry<String, MetricDirection> e : metrics.entrySet()) {
            double v = reported.get(e.getKey());
            y[j++] = e.getValue() == MetricDirection.MAX ? -v : v;
        }
        return y;
    }

    /** ZDT1: f1 = x1, g = 1 + 9·mean(x2..xn), f2 = g·(1 − √(f1/g)); convex front at x2..xn = 0. */
    public static ParetoProblem zdt1(int dimensions) {
        return zdt("zdt1_" + dimensions + "d", dimensions, false);
    }

    /** ZDT2: as ZDT1 with f2 = g·(1 − (f1/g)²); concave front. */
    public static ParetoProblem zdt2(int dimensions) {
        return zdt("zdt2_" + dimensions + "d", dimensions, true);
    }

    private static ParetoProblem zdt(String name, int dimensions, boolean concave) {
        Map<String, MetricDirection> metrics = new LinkedHashMap<>();
        metrics.put("f1", MetricDirection.MIN);
        metrics.put("f2", MetricDirection.MIN);
        return new ParetoProblem(name, hp -> {
            for (int i = 1; i <= dimensions; i++) {
                hp.floatParam("x" + i, 0, 1);
            }
        }, v -> {
            double f1 = num(v, "x1");
            double sum = 0;
            for (int i = 2; i <= dimensions; i++) {
                sum += num(v, "x" + i);
            }
            double g = 1 + 9 * sum / (dimensions - 1);
            double ratio = f1 / g;
            double f2 = g * (1 - (concave ? ratio * ratio : Math.sqrt(ratio)));
            return Map.of("f1", f1, "f2", f2);
        }, metrics, new double[] {1.1, 1.1}, new double[] {1.1, 11.0});
    }

    private static final Map<String, Double> BASE = Map.of("small", 0.55, "medium", 0.68, "large", 0.78);
    private static final Map<String, Double> PRICE = Map.of("small", 0.2, "medium", 1.0, "large", 5.0);
    private static final Map<String, Double> BEST_TEMPERATURE = Map.of("terse", 0.2, "detailed", 0.5, "cot", 0.8);
    private static final Map<String, Double> PROMPT_GAIN = Map.of("terse", 0.0, "detailed", 0.03, "cot", 0.07);
    private static final Map<String, Integer> PROMPT_TOKENS = Map.of("terse", 60, "detailed", 250, "cot", 180);
    private static final Map<String, Integer> OUTPUT_TOKENS = Map.of("terse", 20, "detailed", 40, "cot", 250);

    /**
     * An LM program's quality against its cost: model size, temperature, few-shot examples and prompt style for
     * every model, {@code reasoning} only for the large model, {@code samples} (self-consistency votes) only for the
     * small one. Quality saturates with shots, peaks at a prompt-dependent temperature, gains from chain of thought
     * except on the small model; cost follows the tokens (shots, prompt, output, reasoning) times the model's price
     * and the number of samples. Reference point: quality 0, cost 30.
     */
    public static ParetoProblem lmQualityCost() {
        Map<String, MetricDirection> metrics = new LinkedHashMap<>();
        metrics.put("quality", MetricDirection.MAX);
        metrics.put("cost", MetricDirection.MIN);
        return new ParetoProblem("lm_quality_cost", hp -> {
            hp.choice("model", List.of("small", "medium", "large"));
            hp.floatParam("temperature", 0, 1.5);
            hp.intParam("shots", 0, 16);
            hp.choice("prompt", List.of("terse", "detailed", "cot"));
            hp.conditionalScope("model", List.of("large"), () -> hp.booleanParam("reasoning"));
            hp.conditionalScope("model", List.of("small"), () -> hp.intParam("samples", 1, 5));
        }, ParetoProblem::lm, metrics, new double[] {0.0, 30.0}, new double[] {0.0, 30.0});
    }

    private static Map<String, Double> lm(Map<String, Object> v) {
        String model = (String) v.get("model");
        String prompt = (String) v.get("prompt");
        double temperature = num(v, "temperature");
        int shots = (int) num(v, "shots");
        boolean reasoning = "large".equals(model) && Boolean.TRUE.equals(v.get("reasoning"));
        int samples = "small".equals(model) ? (int) num(v, "samples") : 1;
        double dt = temperature - BEST_TEMPERATURE.get(prompt);
        double quality = BASE.get(model) + 0.10 * (1 - Math.exp(-shots / 4.0)) - 0.12 * dt * dt
                + ("small".equals(model) && "cot".equals(prompt) ? -0.03 : PROMPT_GAIN.get(prompt))
                + (reasoning ? 0.06 : 0.0) + 0.04 * Math.log(samples) / Math.log(2);
        double input = 150 + 90 * shots + PROMPT_TOKENS.get(prompt);
        double output = OUTPUT_TOKENS.get(prompt) + (reasoning ? 600 : 0);
        double cost = samples * PRICE.get(model) * (input + 4 * output) / 1000;
        return Map.of("quality", Math.min(quality, 0.97), "cost", cost);
    }

    /** Builds the space into a fresh {@link HyperParameters}. */
    public HyperParameters hyperparameters() {
        HyperParameters hp = new HyperParameters();
        space.accept(hp);
        return hp;
    }

    private static double num(Map<String, Object> v, String key) {
        return ((Number) v.get(key)).doubleValue();
    }
}
