package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.Values;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a search: its hyperparameters, status, metrics and score. Instances handed out by an oracle are
 * snapshots; the oracle keeps its own copy.
 */
public final class Trial {

    private final String id;
    private HyperParameters hyperparameters;
    private TrialStatus status;
    private MetricsTracker metrics = new MetricsTracker();
    private Double score;
    private int bestStep;
    private String message;
    private int runCount;
    private Long endSeq;
    private Instant startedAt;
    private Instant endedAt;
    private TrialProgress progress = new TrialProgress();

    public Trial(String id, HyperParameters hyperparameters, TrialStatus status) {
        this.id = id;
        this.hyperparameters = hyperparameters;
        this.status = status;
    }

    /** The zero-padded id ("00", "01", ...). */
    public String id() {
        return id;
    }

    public HyperParameters hyperparameters() {
        return hyperparameters;
    }

    public TrialStatus status() {
        return status;
    }

    public MetricsTracker metrics() {
        return metrics;
    }

    /** The objective's best value, or {@code null} before completion. */
    public Double score() {
        return score;
    }

    /** The step (epoch) of the best objective value. */
    public int bestStep() {
        return bestStep;
    }

    /** Why the trial failed (the error and its causes), or {@code null}. */
    public String message() {
        return message;
    }

    /** How many times the trial has ended (retries included). */
    public int runCount() {
        return runCount;
    }

    /** Position of this trial's last end among all trial ends, or {@code null} if it never ended. */
    public Long endSeq() {
        return endSeq;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public void setHyperparameters(HyperParameters hyperparameters) {
        this.hyperparameters = hyperparameters;
    }

    public void setStatus(TrialStatus status) {
        this.status = status;
    }

    public void setScore(Double score) {
        this.score = score;
    }

    public void setBestStep(int bestStep) {
        this.bestStep = bestStep;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    void setMetrics(MetricsTracker metrics) {
        this.metrics = metrics;
    }

    void ended(long seq, Instant at) {
        this.runCount++;
        this.endSeq = seq;
        this.endedAt = at;
    }

    void started(Instant at) {
        this.startedAt = at;
    }

    /**
     * What the trial reported while it ran: its objective per epoch, the pruning decisions taken, its repeated
     * executions, what it consumed of the budgets, and where its configuration came from.
     */
    public TrialProgress progress() {
        return progress;
    }

    /** A deep copy, so that callers cannot change the oracle's state behind its back. */
    public Trial copy() {
        Trial t = new Trial(id, hyperparameters.copy(), status);
        t.metrics = metrics.copy();
        t.score = score;
        t.bestStep = bestStep;
        t.message = message;
        t.runCount = runCount;
        t.endSeq = endSeq;
        t.startedAt = startedAt;
        t.endedAt = endedAt;
        t.progress = progress.copy();
        return t;
    }

    /** Plain-data form (keras-tuner's trial.json keys plus run bookkeeping); values only, not the space. */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_id", id);
        m.put("hyperparameters", Map.of("values", hyperparameters.values()));
        m.put("metrics", metrics.toConfig());
        m.put("score", score);
        m.put("best_step", bestStep);
        m.put("status", status.name());
        m.put("message", message);
        m.put("run_count", runCount);
        m.put("end_seq", endSeq);
        m.put("started_at", startedAt == null ? null : startedAt.toString());
        m.put("ended_at", endedAt == null ? null : endedAt.toString());
        progress.toConfig(m);
        return m;
    }

    /** Reads {@link #toConfig()}, attaching the values to a copy of {@code space}. */
    @SuppressWarnings("unchecked")
    public static Trial fromConfig(Map<String, Object> m, HyperParameters space) {
        HyperParameters hps = space.spaceOnly();
        Map<String, Object> hp = (Map<String, Object>) m.getOrDefault("hyperparameters", Map.of());
        hps.setValues((Map<String, Object>) hp.getOrDefault("values", Map.of()));
        Trial t = new Trial((String) m.get("trial_id"), hps, TrialStatus.valueOf((String) m.get("status")));
        t.metrics = MetricsTracker.fromConfig((Map<String, Object>) m.getOrDefault("metrics", Map.of()));
        t.score = m.get("score") == null ? null : MetricHistory.toDouble(m.get("score"));
        t.bestStep = m.get("best_step") == null ? 0 : ((Number) m.get("best_step")).intValue();
        t.message = (String) m.get("message");
        t.runCount = m.get("run_count") == null ? 0 : ((Number) m.get("run_count")).intValue();
        t.endSeq = m.get("end_seq") == null ? null : ((Number) m.get("end_seq")).longValue();
        t.startedAt = m.get("started_at") == null ? null : Instant.parse((String) m.get("started_at"));
        t.endedAt = m.get("ended_at") == null ? null : Instant.parse((String) m.get("ended_at"));
        t.progress = TrialProgress.fromConfig(m);
        return t;
    }

    /** keras-tuner's trial summary text. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("Trial ").append(id).append(" summary\n");
        sb.append("Hyperparameters:\n");
        Map<String, Object> values = hyperparameters.values();
        if (values.isEmpty()) {
            sb.append("default configuration\n");
        }
        values.forEach((k, v) -> sb.append(k).append(": ").append(Values.pythonStr(v)).append('\n'));
        if (score != null) {
            sb.append("Score: ").append(Values.pythonStr(score)).append('\n');
        }
        progress.summaryLines(sb);
        if (message != null) {
            sb.append(message).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Trial(" + id + ", " + status + ", score=" + score + ", " + hyperparameters.values() + ")";
    }
}
