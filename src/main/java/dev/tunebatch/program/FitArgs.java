package dev.tunebatch.program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The arguments of {@code fit}, given once to {@code search} and passed to every trial. Hyperband trials receive
 * their budget in {@link #epochs()} and {@link #initialEpoch()}.
 */
public final class FitArgs {

    /** The {@link #extra()} key of {@link #trialId()}: set by the tuner for every fit of a trial. */
    public static final String TRIAL_ID = "trial_id";
    /**
     * The {@link #extra()} key of {@link #runId()}: the run a fit's costs are filed under (the engine sets it to the
     * search's name unless the definition's arguments set it).
     */
    public static final String RUN_ID = "run_id";

    private final List<?> x;
    private final List<?> y;
    private final List<?> validationX;
    private final List<?> validationY;
    private final int epochs;
    private final Integer batchSize;
    private final int initialEpoch;
    private final List<Callback> callbacks;
    private final Map<String, Object> extra;

    private FitArgs(Builder b) {
        this.x = b.x;
        this.y = b.y;
        this.validationX = b.validationX;
        this.validationY = b.validationY;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.initialEpoch = b.initialEpoch;
        this.callbacks = List.copyOf(b.callbacks);
        this.extra = Map.copyOf(b.extra);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these arguments, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.x = x;
        b.y = y;
        b.validationX = validationX;
        b.validationY = validationY;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.initialEpoch = initialEpoch;
        b.callbacks.addAll(callbacks);
        b.extra.putAll(extra);
        return b;
    }

    public List<?> x() {
        return x;
    }

    public List<?> y() {
        return y;
    }

    /** Validation inputs, or {@code null}. */
    public List<?> validationX() {
        return validationX;
    }

    /** Validation targets, or {@code null}. */
    public List<?> validationY() {
        return validationY;
    }

    /** Train until this epoch (exclusive upper bound, as in Keras). */
    public int epochs() {
        return epochs;
    }

    /** The batch size, or {@code null} for the program's default. */
    public Integer batchSize() {
        return batchSize;
    }

    /** The epoch to start from (resumed or Hyperband-promoted trials start later than 0). */
    public int initialEpoch() {
        return initialEpoch;
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    /** Further named arguments for programs that understand them. */
    public Map<String, Object> extra() {
        return extra;
    }

    /** The id of the trial this fit belongs to, when a tuner runs it; programs use it to account costs per trial. */
    public Optional<String> trialId() {
        return Optional.ofNullable(extra.get(TRIAL_ID)).map(String::valueOf);
    }

    /** The run this fit's costs are filed under (e.g. the search's name in the engine), when one is set. */
    public Optional<String> runId() {
        return Optional.ofNullable(extra.get(RUN_ID)).map(String::valueOf);
    }

    @Override
    public String toString() {
        return "FitArgs[epochs=" + epochs + ", initialEpoch=" + initialEpoch + ", batchSize=" + batchSize
                + ", x=" + size(x) + ", validation=" + size(validationX) + "]";
    }

    private static String size(List<?> l) {
        return l == null ? "none" : l.size() + " samples";
    }

    /** Builds {@link FitArgs}; epochs default to 1. */
    public static final class Builder {
        private List<?> x;
        private List<?> y;
        private List<?> validationX;
        private List<?> validationY;
        private int epochs = 1;
        private Integer batchSize;
        private int initialEpoch;
        private final List<Callback> callbacks = new ArrayList<>();
        private final Map<String, Object> extra = new LinkedHashMap<>();

        public Builder x(List<?> x) {
            this.x = x;
            return this;
        }

        public Builder y(List<?> y) {
            this.y = y;
            return this;
        }

        public Builder validationData(List<?> x, List<?> y) {
            if ((x == null) != (y == null) || (x != null && x.size() != y.size())) {
                throw new IllegalArgumentException("validationData: x and y must both be given with the same size, "
                        + "got " + size(x) + " and " + size(y) + ".");
            }
            this.validationX = x;
            this.validationY = y;
            return this;
        }

        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs: " + epochs + " must be >= 1.");
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize: " + batchSize + " must be >= 1.");
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder initialEpoch(int initialEpoch) {
            if (initialEpoch < 0) {
                throw new IllegalArgumentException("initialEpoch: " + initialEpoch + " must be >= 0.");
            }
            this.initialEpoch = initialEpoch;
            return this;
        }

        public Builder callbacks(Callback... more) {
            for (Callback c : more) {
                callbacks.add(Objects.requireNonNull(c, "callback"));
            }
            return this;
        }

        public Builder callbacks(List<? extends Callback> more) {
            more.forEach(c -> callbacks.add(Objects.requireNonNull(c, "callback")));
            return this;
        }

        /** Sets the callbacks, replacing any given before. */
        public Builder replaceCallbacks(List<? extends Callback> all) {
            callbacks.clear();
            return callbacks(all);
        }

        /** Sets {@link FitArgs#trialId()}. */
        public Builder trialId(String trialId) {
            return extra(TRIAL_ID, Objects.requireNonNull(trialId, "trialId"));
        }

        /** Sets {@link FitArgs#runId()}. */
        public Builder runId(String runId) {
            return extra(RUN_ID, Objects.requireNonNull(runId, "runId"));
        }

        public Builder extra(String name, Object value) {
            extra.put(name, value);
            return this;
        }

        public FitArgs build() {
            if (initialEpoch >= epochs) {
                throw new IllegalArgumentException("initialEpoch " + initialEpoch + " must be below epochs " + epochs
                        + ".");
            }
            return new FitArgs(this);
        }
    }
}
