package dev.tunebatch.oracle.random;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Proposal;

import java.util.Map;

/**
 * Random search: independent random values for every active hyperparameter, never a value set tried before; the
 * search stops after {@code maxCollisions} duplicate draws in a row (the space is exhausted).
 */
public final class RandomSearchOracle extends Oracle {

    /** The kind stored with the state. */
    public static final String KIND = "random";

    public RandomSearchOracle(OracleConfig config) {
        super(config);
    }

    /** A random search over {@code initialSpace} (to which the hypermodel may add, as the config allows). */
    public RandomSearchOracle(OracleConfig config, HyperParameters initialSpace) {
        super(config, initialSpace);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Proposal populateSpace(String trialId) {
        Map<String, Object> values = randomValues();
        return values == null ? Proposal.stopped() : Proposal.run(values);
    }
}
