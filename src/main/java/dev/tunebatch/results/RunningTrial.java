package dev.tunebatch.results;

import java.time.Duration;

/**
 * A trial marked RUNNING with the state of its latest step execution ({@code trial-<id>}).
 *
 * @param stepStatus   the step's batch status, or {@code not started} when it has no step execution
 * @param heartbeatAge how long ago the step last committed (its heartbeat), or {@code null} without a step
 * @param worker       the worker running the step ("pid N on host") with remote execution, else {@code null}
 */
public record RunningTrial(String trialId, String stepStatus, Duration heartbeatAge, String worker) {

    /** Whether a live step should have committed a heartbeat since: its process is gone or cut off. */
    public boolean stale(Duration staleAfter) {
        return ("STARTED".equals(stepStatus) || "STARTING".equals(stepStatus)) && heartbeatAge != null
                && heartbeatAge.compareTo(staleAfter) > 0;
    }
}
