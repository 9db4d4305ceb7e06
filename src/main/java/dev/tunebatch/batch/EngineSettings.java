package dev.tunebatch.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine's run-time settings (see {@link EngineProperties} for their meaning).
 *
 * @param heartbeatInterval       the longest a running trial's step goes without a commit
 * @param databaseOutageTolerance how long a run waits for PostgreSQL to come back before it exits 69
 */
public record EngineSettings(Duration heartbeatInterval, Duration databaseOutageTolerance) {

    public static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);
    public static final Duration MAX_HEARTBEAT = Duration.ofMinutes(10);

    /** Ten-second heartbeats; outages of up to two minutes ridden out. */
    public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofSeconds(10), Duration.ofMinutes(2));

    public EngineSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(databaseOutageTolerance, "databaseOutageTolerance");
        if (heartbeatInterval.compareTo(MIN_HEARTBEAT) < 0 || heartbeatInterval.compareTo(MAX_HEARTBEAT) > 0) {
            throw new IllegalArgumentException("heartbeatInterval: " + heartbeatInterval
                    + " must be between 100ms and 10m, e.g. 10s.");
        }
        if (databaseOutageTolerance.isNegative()) {
            throw new IllegalArgumentException("databaseOutageTolerance: " + databaseOutageTolerance
                    + " must be 0s or more, e.g. 2m.");
        }
    }
}
