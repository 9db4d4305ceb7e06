package dev.tunebatch.lm.model;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A response cache in this JVM's memory (tests, benchmarks, runs without a database). */
public final class InMemoryResponseCache implements ResponseCache {

    private final Map<String, Completion> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<Completion> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(String key, LmRequest request, Completion completion) {
        entries.putIfAbsent(key, completion);
    }

    /** The number of stored answers. */
    public int size() {
        return entries.size();
    }
}
