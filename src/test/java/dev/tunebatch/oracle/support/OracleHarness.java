package dev.tunebatch.oracle.support;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/** Test helpers that play the tuner's part against an oracle: run trials, report scores, persist and restore. */
public final class OracleHarness {

    /** The objective the helpers report. */
    public static final String SCORE = "score";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OracleHarness() {
    }

    /** Default settings with objective {@code score} in {@code direction} and no trial limit. */
    public static OracleConfig config(MetricDirection direction) {
        return OracleConfig.defaults(ObjectiveSpec.single(SCORE, direction), null, 7);
    }

    /** Reports {@code score} for a trial and ends it COMPLETED. */
    public static Trial complete(Oracle oracle, Trial trial, double score) {
        oracle.updateTrial(trial.id(), Map.of(SCORE, score), 0);
        trial.setStatus(TrialStatus.COMPLETED);
        return oracle.endTrial(trial);
    }

    /**
     * One worker running trials one after the other until STOPPED: {@code model} declares hyperparameters on each
     * trial's values (as a hypermodel's build does), then the trial completes with {@code score}. IDLE fails, since a
     * lone worker can never be waiting. Returns the ended trials in order.
     */
    public static List<Trial> runSequentially(Oracle oracle, Consumer<HyperParameters> model,
                                              ToDoubleFunction<Trial> score) {
        List<Trial> ended = new ArrayList<>();
        while (true) {
            Trial trial = oracle.createTrial("worker");
            if (trial.status() == TrialStatus.STOPPED) {
                return ended;
            }
            if (trial.status() != TrialStatus.RUNNING) {
                throw new AssertionError("A lone worker got " + trial.status() + " after " + ended.size() + " trials");
            }
            model.accept(trial.hyperparameters());
            ended.add(complete(oracle, trial, score.applyAsDouble(trial)));
        }
    }

    /** A model that declares nothing: the space is fixed in advance. */
    public static Consumer<HyperParameters> noModel() {
        return hp -> {
        };
    }

    /** What a store keeps of an oracle: its state and its trials, both read back from JSON text. */
    public record Stored(Map<String, Object> state, List<Map<String, Object>> trials) {
    }

    /** Writes the oracle's state and trials as JSON text and reads them back as plain maps. */
    @SuppressWarnings("unchecked")
    public static Stored persist(Oracle oracle) {
        Map<String, Object> state = JSON.readValue(JSON.writeValueAsString(oracle.state()), Map.class);
        List<Map<String, Object>> trials = new ArrayList<>();
        for (Trial t : oracle.trials()) {
            trials.add(JSON.readValue(JSON.writeValueAsString(t.toConfig()), Map.class));
        }
        return new Stored(state, trials);
    }

    /** Restores {@code stored} into {@code fresh}, re-queueing the trials left RUNNING, as a restarted tuner does. */
    public static <O extends Oracle> O restore(O fresh, Stored stored) {
        fresh.restore(stored.state(), stored.trials(), true);
        return fresh;
    }
}
