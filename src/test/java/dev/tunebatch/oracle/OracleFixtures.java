package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** Shared helpers for the oracle tests. */
final class OracleFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final ObjectiveSpec VAL_LOSS = ObjectiveSpec.single("val_loss", MetricDirection.MIN);

    private OracleFixtures() {
    }

    static OracleConfig config(ObjectiveSpec objective, Integer maxTrials, long seed, int maxRetries) {
        return new OracleConfig(objective, maxTrials, seed, maxRetries, 3, 20, true, true);
    }

    /** A random search whose space is declared by {@code declare}. */
    static RandomSearchOracle random(OracleConfig config, Consumer<HyperParameters> declare) {
        RandomSearchOracle oracle = new RandomSearchOracle(config);
        HyperParameters hps = new HyperParameters();
        declare.accept(hps);
        oracle.updateSpace(hps);
        return oracle;
    }

    /** A random search over one float "x" in [0, 1]. */
    static RandomSearchOracle randomX(ObjectiveSpec objective, Integer maxTrials, long seed, int maxRetries) {
        return random(config(objective, maxTrials, seed, maxRetries), hp -> hp.floatParam("x", 0, 1));
    }

    static Trial complete(Oracle oracle, Trial trial, String metric, double value) {
        oracle.updateTrial(trial.id(), Map.of(metric, value), 0);
        trial.setStatus(TrialStatus.COMPLETED);
        return oracle.endTrial(trial);
    }

    static Trial end(Oracle oracle, Trial trial, TrialStatus status, String message) {
        trial.setStatus(status);
        trial.setMessage(message);
        return oracle.endTrial(trial);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> viaJson(Map<String, Object> data) {
        return JSON.readValue(JSON.writeValueAsString(data), Map.class);
    }

    /** What a store would keep: the state and every trial, each through JSON. */
    static Stored store(Oracle oracle) {
        List<Map<String, Object>> trials = new ArrayList<>();
        for (Trial t : oracle.trials()) {
            trials.add(viaJson(t.toConfig()));
        }
        return new Stored(viaJson(oracle.state()), trials);
    }

    record Stored(Map<String, Object> state, List<Map<String, Object>> trials) {
    }

    /** An oracle whose proposals come from a function; it records nothing else. */
    static final class StubOracle extends Oracle {

        private final Function<StubOracle, Proposal> proposer;

        StubOracle(OracleConfig config, Function<StubOracle, Proposal> proposer) {
            super(config);
            this.proposer = proposer;
        }

        @Override
        public String kind() {
            return "stub";
        }

        @Override
        protected Proposal populateSpace(String trialId) {
            return proposer.apply(this);
        }

        boolean tried(Map<String, Object> values) {
            return isTried(values);
        }

        Map<String, Trial> stored() {
            return storedTrials();
        }
    }
}
