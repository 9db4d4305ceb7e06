package dev.tunebatch.lm.model;

import java.util.Objects;

/**
 * One chat message.
 *
 * @param role    system, user or assistant
 * @param content its text
 */
public record LmMessage(Role role, String content) {

    public LmMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static LmMessage system(String content) {
        return new LmMessage(Role.SYSTEM, content);
    }

    public static LmMessage user(String content) {
        return new LmMessage(Role.USER, content);
    }

    public static LmMessage assistant(String content) {
        return new LmMessage(Role.ASSISTANT, content);
    }
}
