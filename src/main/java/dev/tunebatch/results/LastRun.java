package dev.tunebatch.results;

import dev.tunebatch.oracle.TrialStatus;

import java.time.Instant;

/**
 * A trial's status and its last run's start and end, as its document records them.
 *
 * @param startedAt when its last run started, or {@code null}
 * @param endedAt   when its last run ended, or {@code null}
 */
public record LastRun(TrialStatus status, Instant startedAt, Instant endedAt) {
}
