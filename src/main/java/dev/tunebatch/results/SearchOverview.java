package dev.tunebatch.results;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One stored search at a glance: its head, its trial counts, its best score and its latest job execution.
 *
 * @param kind            the oracle's kind, or {@code null}
 * @param objective       the objective's name
 * @param maximize        whether the objective is maximised
 * @param trials          its trials, whatever their status
 * @param completed       its completed trials
 * @param best            the best completed score in the objective's direction (NaN scores left out), or
 *                        {@code null} before one completes
 * @param lastTrialUpdate when a trial of it was last written, or {@code null}
 * @param lastStatus      the status of its latest job execution, or {@code null} when it never ran as a job
 * @param lastStart       when that execution started (local time of the JVM that ran it), or {@code null}
 * @param lastEnd         when it ended, likewise, or {@code null}
 */
public record SearchOverview(String name, String kind, String objective, boolean maximize, long trials,
                             long completed, Double best, Instant lastTrialUpdate, String lastStatus,
                             LocalDateTime lastStart, LocalDateTime lastEnd) {
}
