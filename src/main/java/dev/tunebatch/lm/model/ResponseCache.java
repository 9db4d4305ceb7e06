package dev.tunebatch.lm.model;

import java.util.Optional;

/**
 * Answers already paid for, keyed on the full request ({@link LmRequest#cacheKey()}), shared by every trial and by
 * resumed runs. Only answers that passed validation are stored.
 */
public interface ResponseCache {

    /** A cache that stores nothing. */
    ResponseCache NONE = new ResponseCache() {
        @Override
        public Optional<Completion> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, LmRequest request, Completion completion) {
        }
    };

    /** The stored answer of the request whose key is {@code key}. */
    Optional<Completion> get(String key);

    /** Stores an answer; storing a key twice keeps the first answer. */
    void put(String key, LmRequest request, Completion completion);
}
