package dev.tunebatch.lm.model;

/** Who speaks a chat message. */
public enum Role {
    SYSTEM, USER, ASSISTANT
}
