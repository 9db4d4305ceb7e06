package dev.tunebatch.lm.usage;

/**
 * What an LM call was made for: answering ({@link #INFERENCE}), scoring an answer ({@link #REWARD}, e.g. an LM judge)
 * or training ({@link #OPTIMIZER}, e.g. evaluating a candidate few-shot set). Costs and tokens are kept apart per phase.
 */
public enum Phase {
    INFERENCE("inference", ""),
    REWARD("reward", "reward_"),
    OPTIMIZER("optimizer", "optimizer_");

    private final String label;
    private final String metricPrefix;

    Phase(String label, String metricPrefix) {
        this.label = label;
        this.metricPrefix = metricPrefix;
    }

    /** The phase's name in the ledger ({@code inference}, {@code reward}, {@code optimizer}). */
    public String label() {
        return label;
    }

    /** The prefix Synalinks puts before an LM metric of this phase ({@code ""}, {@code reward_}, {@code optimizer_}). */
    public String metricPrefix() {
        return metricPrefix;
    }

    /** The phase named {@code label}. */
    public static Phase ofLabel(String label) {
        for (Phase p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("phase: '" + label + "' is not one of inference, reward, optimizer.");
    }
}
