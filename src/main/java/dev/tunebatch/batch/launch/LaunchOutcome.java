package dev.tunebatch.batch.launch;

import org.springframework.batch.core.BatchStatus;

/**
 * How a launch ended: the process exit code, the job's status (when a job ran), and one line for the operator.
 *
 * @param jobExecutionId the execution that ran, or {@code null} when none did
 */
public record LaunchOutcome(int exitCode, BatchStatus status, String message, Long jobExecutionId) {
}
