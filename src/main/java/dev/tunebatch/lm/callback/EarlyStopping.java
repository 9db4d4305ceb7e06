package dev.tunebatch.lm.callback;

import dev.tunebatch.lm.metric.Metric;
import dev.tunebatch.lm.metric.MetricRegistry;
import dev.tunebatch.program.Checkpointable;

import java.util.Map;
import java.util.Objects;

/**
 * Stops training when the monitored metric has not improved by more than {@code minDelta} for {@code patience}
 * epochs, or once it reaches {@code stopAt}. In {@link Mode#AUTO} the direction comes from the metric registry
 * ({@code val_reward}: max). With {@code restoreBestState} the program gets back the state of its best epoch at the
 * end of the fit.
 */
public final class EarlyStopping implements LmCallback {

    /** Which way is better. */
    public enum Mode {
        AUTO, MIN, MAX
    }

    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final Mode mode;
    private final Double baseline;
    private final Double stopAt;
    private final boolean restoreBestState;
    private final int startFromEpoch;

    private final Checkpointable program;
    private final boolean maximize;
    private double best;
    private int wait;
    private boolean stop;
    private String bestState;
    private int stoppedEpoch = -1;

    private EarlyStopping(Builder b, Checkpointable program) {
        this.monitor = b.monitor;
        this.minDelta = Math.abs(b.minDelta);
        this.patience = b.patience;
        this.mode = b.mode;
        this.baseline = b.baseline;
        this.stopAt = b.stopAt;
        this.restoreBestState = b.restoreBestState;
        this.startFromEpoch = b.startFromEpoch;
        this.program = program;
        this.maximize = resolveMaximize(b.mode, b.monitor);
        this.best = baseline != null ? baseline : maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    private static boolean resolveMaximize(Mode mode, String monitor) {
        if (mode == Mode.MAX) {
            return true;
        }
        if (mode == Mode.MIN) {
            return false;
        }
        Metric.Direction d = MetricRegistry.direction(monitor).orElse(Metric.Direction.NONE);
        if (d == Metric.Direction.NONE) {
            throw new IllegalArgumentException("EarlyStopping: the direction of '" + monitor + "' is not known; "
                    + "pass .mode(EarlyStopping.Mode.MAX) or .mode(EarlyStopping.Mode.MIN).");
        }
        return d == Metric.Direction.UP;
    }

    public static Builder builder() {
        return new Builder();
    }

    private Builder settings() {
        Builder b = new Builder().monitor(monitor).minDelta(minDelta).patience(patience).mode(mode)
                .restoreBestState(restoreBestState).startFromEpoch(startFromEpoch);
        b.baseline = baseline;
        b.stopAt = stopAt;
        return b;
    }

    @Override
    public LmCallback forFit(Checkpointable program) {
        return new EarlyStopping(settings(), program);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null || current.isNaN() || epoch < startFromEpoch) {
            return;
        }
        boolean improved = maximize ? current - minDelta > best : current + minDelta < best;
        if (improved) {
            best = current;
            wait = 0;
            if (restoreBestState && program != null) {
                bestState = program.saveState();
            }
        } else {
            wait++;
            if (wait >= patience) {
                stop = true;
            }
        }
        if (stopAt != null && (maximize ? current >= stopAt : current <= stopAt)) {
            stop = true;
        }
        if (stop && stoppedEpoch < 0) {
            stoppedEpoch = epoch;
        }
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    @Override
    public void onTrainEnd() {
        if (restoreBestState && bestState != null && program != null) {
            program.restoreState(bestState);
        }
    }

    /** The epoch at which a stop was requested, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** Builds an {@link EarlyStopping}; defaults: monitor {@code val_reward}, patience 0, auto mode. */
    public static final class Builder {
        private String monitor = "val_reward";
        private double minDelta;
        private int patience;
        private Mode mode = Mode.AUTO;
        private Double baseline;
        private Double stopAt;
        private boolean restoreBestState;
        private int startFromEpoch;

        private Builder() {
        }

        public Builder monitor(String monitor) {
            this.monitor = Objects.requireNonNull(monitor, "monitor");
            return this;
        }

        public Builder minDelta(double minDelta) {
            this.minDelta = minDelta;
            return this;
        }

        public Builder patience(int patience) {
            if (patience < 0) {
                throw new IllegalArgumentException("patience: " + patience + " must be >= 0.");
            }
            this.patience = patience;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** A value the metric must beat to count as an improvement. */
        public Builder baseline(double baseline) {
            this.baseline = baseline;
            return this;
        }

        /** Stop as soon as the metric reaches this value (e.g. 1.0 for a reward). */
        public Builder stopAt(double stopAt) {
            this.stopAt = stopAt;
            return this;
        }

        public Builder restoreBestState(boolean restore) {
            this.restoreBestState = restore;
            return this;
        }

        public Builder startFromEpoch(int epoch) {
            this.startFromEpoch = epoch;
            return this;
        }

        /** The template; each fit works on its own copy. */
        public EarlyStopping build() {
            return new EarlyStopping(this, null);
        }
    }
}
