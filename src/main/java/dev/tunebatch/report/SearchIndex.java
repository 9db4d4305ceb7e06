package dev.tunebatch.report;

import java.time.Instant;
import java.util.List;

/**
 * What the index page lists: every stored search at one instant, read from SQL by {@link SearchIndexQueries}.
 *
 * @param generatedAt when it was read
 * @param searches    the stored searches, by name
 */
record SearchIndex(Instant generatedAt, List<Entry> searches) {

    /**
     * One search.
     *
     * @param search    its name
     * @param kind      the oracle's kind, e.g. {@code random} or {@code bayesian}
     * @param objective the objective's name
     * @param maximize  whether the objective is maximised
     * @param status    the status of its latest job execution ({@code COMPLETED}, {@code STOPPED}, {@code FAILED},
     *                  {@code STARTED}, ...), or null when it never ran as a job (the library's store)
     * @param trials    its trials, whatever their status
     * @param completed its completed trials
     * @param best      the best completed score in the objective's direction, or null before one completes
     * @param lastRun   when its latest job execution ended (started, while it runs), else its latest trial's update
     */
    record Entry(String search, String kind, String objective, boolean maximize, String status, long trials,
                 long completed, Double best, Instant lastRun) {
    }
}
