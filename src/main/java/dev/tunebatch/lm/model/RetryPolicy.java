package dev.tunebatch.lm.model;

import java.time.Duration;

/**
 * How often and how patiently a language model retries: exponential backoff from {@code initialBackoff} by
 * {@code multiplier} up to {@code maxBackoff}, and at least the server's {@code Retry-After} (capped at
 * {@code maxRetryAfter}) after a 429 or 5xx.
 *
 * @param maxAttempts    attempts in all (1 = no retry)
 * @param initialBackoff wait after the first failure
 * @param multiplier     growth of the wait per failure
 * @param maxBackoff     longest computed wait
 * @param maxRetryAfter  longest wait a server's {@code Retry-After} can impose
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                          Duration maxRetryAfter) {

    /** Five attempts, 0.5 s doubling to 30 s, honouring {@code Retry-After} up to 2 min. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30),
            Duration.ofMinutes(2));

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry.maxAttempts: " + maxAttempts + " must be at least 1 "
                    + "(1 means no retry).");
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry: backoffs must not be negative (initialBackoff="
                    + initialBackoff + ", maxBackoff=" + maxBackoff + ", maxRetryAfter=" + maxRetryAfter + ").");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("retry.multiplier: " + multiplier + " must be at least 1.");
        }
    }

    /** The same policy with {@code n} attempts. */
    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, initialBackoff, multiplier, maxBackoff, maxRetryAfter);
    }

    /** The same policy with another initial backoff. */
    public RetryPolicy withInitialBackoff(Duration d) {
        return new RetryPolicy(maxAttempts, d, multiplier, maxBackoff, maxRetryAfter);
    }

    /** The wait before attempt {@code failedAttempt + 1}, after {@code failure}. */
    public Duration delay(int failedAttempt, TransportException failure) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        Duration backoff = Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
        Duration retryAfter = failure == null ? null : failure.retryAfter();
        if (retryAfter != null) {
            Duration capped = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            return capped.compareTo(backoff) > 0 ? capped : backoff;
        }
        return backoff;
    }
}
