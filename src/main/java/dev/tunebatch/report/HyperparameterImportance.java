package dev.tunebatch.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A first-order variance decomposition of the score over each hyperparameter ("fANOVA-lite"): the completed trials
 * are grouped by the hyperparameter's value (a categorical value is its own group; numeric values fall into up to
 * ⌊√n⌋ quantile bins, at least 2; an inactive conditional hyperparameter forms an "absent" group), and the share of
 * the score's variance explained by the group means is estimated with the bias-corrected epsilon squared,
 * ε² = (SS<sub>between</sub> − (k − 1)·MS<sub>within</sub>) / SS<sub>total</sub>, clipped at 0. Each
 * hyperparameter's importance is its ε² as a share of the sum over all hyperparameters. Interactions between
 * hyperparameters are not attributed, and with few trials the estimate is noisy.
 */
final class HyperparameterImportance {

    /** At least this many completed trials before anything is estimated. */
    static final int MIN_TRIALS = 3;

    /** The text the report prints under the chart. */
    static final String METHOD = "Importance is a first-order variance decomposition of the score (an fANOVA-lite) "
            + "over the completed trials: for each hyperparameter the trials are grouped by its value (numeric values "
            + "into up to \u230a\u221an\u230b quantile bins, an inactive conditional hyperparameter as its own group), "
            + "and the share of the score's variance explained by the group means is estimated with the "
            + "bias-corrected \u03b5\u00b2 = (SS between \u2212 (k \u2212 1)\u00b7MS within) / SS total, clipped at 0. "
            + "Bars show each hyperparameter's \u03b5\u00b2 as a share of the sum; interactions are not attributed, and "
            + "with few trials the estimate is noisy.";

    /**
     * One hyperparameter's estimate.
     *
     * @param epsilonSquared the variance share it explains on its own (0 to 1)
     * @param share          its share of the summed ε² of all hyperparameters (0 to 1)
     * @param groups         how many groups its values formed
     */
    record Estimate(String name, double epsilonSquared, double share, int groups) {
    }

    private static final String ABSENT = "\u0000absent";

    private HyperparameterImportance() {
    }

    /**
     * The estimates of the hyperparameters whose values vary among the completed trials, most important first; empty
     * with fewer than {@link #MIN_TRIALS} completed trials or a constant score.
     */
    static List<Estimate> estimate(SearchReport report) {
        List<ReportTrial> trials = report.completed();
        int n = trials.size();
        if (n < MIN_TRIALS) {
            return List.of();
        }
        double[] scores = trials.stream().mapToDouble(ReportTrial::score).toArray();
        double mean = mean(scores);
        double ssTotal = 0;
        for (double s : scores) {
            ssTotal += (s - mean) * (s - mean);
        }
        if (ssTotal <= 0) {
            return List.of();
        }
        Map<String, Double> raw = new LinkedHashMap<>();
        Map<String, Integer> groupCounts = new LinkedHashMap<>();
        for (HyperparameterSpec spec : report.hyperparameters()) {
            String[] groups = groups(spec.name(), trials);
            int k = (int) Arrays.stream(groups).distinct().count();
            if (k < 2 || n - k < 1) {
                continue;
            }
            raw.put(spec.name(), epsilonSquared(groups, scores, mean, ssTotal, k));
            groupCounts.put(spec.name(), k);
        }
        double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Estimate> out = new ArrayList<>();
        raw.forEach((name, e2) -> out.add(new Estimate(name, e2, sum > 0 ? e2 / sum : 0, groupCounts.get(name))));
        out.sort(Comparator.comparingDouble(Estimate::share).reversed());
        return out;
    }

    private static double epsilonSquared(String[] groups, double[] scores, double mean, double ssTotal, int k) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) {
            double[] acc = sums.computeIfAbsent(groups[i], g -> new double[2]);
            acc[0] += scores[i];
            acc[1]++;
        }
        double ssBetween = 0;
        for (double[] acc : sums.values()) {
            double groupMean = acc[0] / acc[1];
            ssBetween += acc[1] * (groupMean - mean) * (groupMean - mean);
        }
        double msWithin = (ssTotal - ssBetween) / (scores.length - k);
        return Math.max(0, Math.min(1, (ssBetween - (k - 1) * msWithin) / ssTotal));
    }

    /** The group of each trial for one hyperparameter. */
    private static String[] groups(String name, List<ReportTrial> trials) {
        int n = trials.size();
        String[] groups = new String[n];
        List<Integer> numeric = new ArrayList<>();
        boolean allNumeric = true;
        for (int i = 0; i < n; i++) {
            Object v = trials.get(i).values().get(name);
            if (v == null) {
                groups[i] = ABSENT;
            } else if (v instanceof Number && !(v instanceof Boolean)) {
                numeric.add(i);
            } else {
                allNumeric = false;
                groups[i] = "v:" + v;
            }
        }
        if (!allNumeric || numeric.size() < 2) {
            for (int i : numeric) {
                groups[i] = "v:" + Html.value(trials.get(i).values().get(name));
            }
            return groups;
        }
        long distinct = numeric.stream().map(i -> value(trials, i, name)).distinct().count();
        int bins = (int) Math.min(distinct, Math.max(2, Math.floor(Math.sqrt(n))));
        numeric.sort(Comparator.comparingDouble(i -> value(trials, i, name)));
        int m = numeric.size();
        int previousBin = -1;
        double previousValue = Double.NaN;
        for (int r = 0; r < m; r++) {
            int i = numeric.get(r);
            double v = value(trials, i, name);
            int bin = v == previousValue ? previousBin : Math.min(bins - 1, r * bins / m);
            groups[i] = "b:" + bin;
            previousBin = bin;
            previousValue = v;
        }
        return groups;
    }

    private static double value(List<ReportTrial> trials, int i, String name) {
        return ((Number) trials.get(i).values().get(name)).doubleValue();
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }
}
