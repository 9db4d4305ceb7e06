package dev.tunebatch.lm.model;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One failed attempt, classified for the retry decision. Messages never carry credentials or request bodies.
 */
public final class TransportException extends Exception {

    /** Why the attempt failed. */
    public enum Kind {
        /** HTTP 429. */
        RATE_LIMITED(true),
        /** HTTP 5xx or 408. */
        SERVER_ERROR(true),
        /** No answer within the timeout. */
        TIMEOUT(true),
        /** The connection failed. */
        IO(true),
        /** The server's answer could not be read, or did not follow the output schema. */
        MALFORMED(true),
        /** HTTP 4xx other than 408 and 429: the request itself is wrong, retrying cannot help. */
        CLIENT_ERROR(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;
    private final transient Completion partial;

    public TransportException(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
        this(kind, status, retryAfter, message, cause, null);
    }

    private TransportException(Kind kind, int status, Duration retryAfter, String message, Throwable cause,
                               Completion partial) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.partial = partial;
    }

    /** An answer that arrived (and was paid for) but could not be used. */
    public static TransportException malformed(String message, Completion answer) {
        return new TransportException(Kind.MALFORMED, 200, null, message, null, answer);
    }

    /** The failure for an HTTP status (429 → rate limited, 5xx/408 → server error, other 4xx → client error). */
    public static TransportException forStatus(int status, String retryAfterHeader, String message, Throwable cause) {
        Kind kind = status == 429 ? Kind.RATE_LIMITED
                : status >= 500 || status == 408 ? Kind.SERVER_ERROR
                : Kind.CLIENT_ERROR;
        return new TransportException(kind, status, parseRetryAfter(retryAfterHeader), message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when none was received. */
    public int status() {
        return status;
    }

    /** The server's {@code Retry-After}, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The unusable answer of a {@link Kind#MALFORMED} failure (its tokens were still paid), or {@code null}. */
    public Completion partial() {
        return partial;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    /** Parses a {@code Retry-After} value: delay seconds or an HTTP date; {@code null} when absent or unreadable. */
    public static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? null : Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
