package dev.tunebatch.lm.module;

import tools.jackson.databind.JsonNode;

/** A module with state that training changes; the state is JSON so that it checkpoints. */
public interface Trainable extends Module {

    /** The trainable state. */
    JsonNode saveState();

    /** Restores a state from {@link #saveState()}. */
    void restoreState(JsonNode state);
}
