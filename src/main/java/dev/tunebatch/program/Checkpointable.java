package dev.tunebatch.program;

/**
 * A program that can save and restore its trainable state as JSON text. The tuner uses it to resume an interrupted
 * trial from its last completed epoch and to hand a Hyperband trial its parent's state.
 */
public interface Checkpointable {

    /** The trainable state, as a JSON document. */
    String saveState();

    /** Restores a state produced by {@link #saveState()}. */
    void restoreState(String json);
}
