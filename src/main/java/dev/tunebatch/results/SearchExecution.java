package dev.tunebatch.results;

import java.time.LocalDateTime;

/**
 * One job execution of a search (Spring Batch's {@code batch_job_execution}, found by its {@code search} parameter).
 *
 * @param runKey the execution's {@code run} parameter, or {@code null}
 * @param start  when it started, in the local time of the JVM that ran it, or {@code null}
 * @param end    when it ended, likewise, or {@code null} while it runs
 */
public record SearchExecution(long id, String runKey, String status, String exitCode, LocalDateTime start,
                              LocalDateTime end) {
}
