package dev.tunebatch.lm.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most requests in flight to one endpoint at once. {@link #shared(String, int)} returns one limit per endpoint key
 * for the whole JVM, so every trial (every program, every language model built over that endpoint) draws from the same
 * permits. Permits are held only while a request is on the wire, never during a retry's wait.
 */
public final class ConcurrencyLimit {

    private static final Map<String, ConcurrencyLimit> SHARED = new ConcurrentHashMap<>();

    private final String key;
    private final int permits;
    private final Semaphore semaphore;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /** A limit of its own (not shared). */
    public ConcurrencyLimit(String key, int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("maxConcurrency of endpoint '" + key + "': " + permits
                    + " must be at least 1.");
        }
        this.key = key;
        this.permits = permits;
        this.semaphore = new Semaphore(permits, true);
    }

    /**
     * The JVM-wide limit of endpoint {@code key}, created with {@code permits} on first use. Asking for the same key
     * with another number of permits is a configuration error.
     */
    public static ConcurrencyLimit shared(String key, int permits) {
        ConcurrencyLimit limit = SHARED.computeIfAbsent(key, k -> new ConcurrencyLimit(k, permits));
        if (limit.permits != permits) {
            throw new IllegalStateException("maxConcurrency of endpoint '" + key + "' is already " + limit.permits
                    + " in this JVM; it cannot also be " + permits + ". Give every configuration of this endpoint "
                    + "the same limit, or give the endpoints different names.");
        }
        return limit;
    }

    /** Waits for a permit. */
    public void acquire() throws InterruptedException {
        semaphore.acquire();
        int now = inUse.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
    }

    /** Returns a permit. */
    public void release() {
        inUse.decrementAndGet();
        semaphore.release();
    }

    public String key() {
        return key;
    }

    public int permits() {
        return permits;
    }

    /** The most permits ever held at once. */
    public int peak() {
        return peak.get();
    }

    /** Permits held now. */
    public int inUse() {
        return inUse.get();
    }
}
