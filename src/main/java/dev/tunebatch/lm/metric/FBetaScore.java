package dev.tunebatch.lm.metric;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Macro-averaged precision, recall or F-beta over the labels found in a field of target and prediction (a null or
 * label-less prediction is a miss of the true label). Direction up. {@link Precision}, {@link Recall} and
 * {@link F1Score} are its named forms.
 */
public class FBetaScore implements Metric {

    /** Which quantity is reported. */
    protected enum Kind {
        PRECISION, RECALL, F_BETA
    }

    private final String name;
    private final String field;
    private final double beta;
    private final Kind kind;
    private final Map<String, long[]> counts = new TreeMap<>();

    /** F-beta on {@code field}, named {@code fbeta_score}. */
    public FBetaScore(String field, double beta) {
        this("fbeta_score", field, beta, Kind.F_BETA);
    }

    protected FBetaScore(String name, String field, double beta, Kind kind) {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta: " + beta + " must be > 0 (1.0 gives F1).");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.field = Objects.requireNonNull(field, "field");
        this.beta = beta;
        this.kind = kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    /** The label field compared. */
    public String field() {
        return field;
    }

    protected double beta() {
        return beta;
    }

    private static String label(JsonNode json, String field) {
        if (json == null || json.isNull()) {
            return null;
        }
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.isString() ? v.asString() : v.toString();
    }

    @Override
    public synchronized void update(JsonNode yTrue, JsonNode yPred) {
        String t = label(yTrue, field);
        String p = label(yPred, field);
        if (t != null && t.equals(p)) {
            counts.computeIfAbsent(t, k -> new long[3])[0]++;
            return;
        }
        if (p != null) {
            counts.computeIfAbsent(p, k -> new long[3])[1]++;
        }
        if (t != null) {
            counts.computeIfAbsent(t, k -> new long[3])[2]++;
        }
    }

    @Override
    public synchronized double result() {
        if (counts.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (String label : new TreeSet<>(counts.keySet())) {
            long[] c = counts.get(label);
            double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
            double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            sum += switch (kind) {
                case PRECISION -> precision;
                case RECALL -> recall;
                case F_BETA -> {
                    double b2 = beta * beta;
                    double denom = b2 * precision + recall;
                    yield denom == 0 ? 0 : (1 + b2) * precision * recall / denom;
                }
            };
        }
        return sum / counts.size();
    }

    @Override
    public synchronized void reset() {
        counts.clear();
    }

    @Override
    public Metric copy() {
        return new FBetaScore(name, field, beta, kind);
    }
}
