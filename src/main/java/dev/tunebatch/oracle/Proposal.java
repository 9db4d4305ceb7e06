package dev.tunebatch.oracle;

import java.util.Map;

/**
 * An algorithm's answer to "what next?": RUNNING with values, IDLE (ask again later) or STOPPED.
 *
 * @param values the hyperparameter values for a RUNNING proposal, else {@code null}
 */
public record Proposal(TrialStatus status, Map<String, Object> values) {

    public static Proposal run(Map<String, Object> values) {
        return new Proposal(TrialStatus.RUNNING, values);
    }

    public static Proposal idle() {
        return new Proposal(TrialStatus.IDLE, null);
    }

    public static Proposal stopped() {
        return new Proposal(TrialStatus.STOPPED, null);
    }
}
