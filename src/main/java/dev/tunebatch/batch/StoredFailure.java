package dev.tunebatch.batch;

import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

/**
 * The failure of a trial that ran in another process, as its stored message tells it: the cause a consecutive-failures
 * abort carries when the failing trials ran on workers.
 */
public final class StoredFailure extends RuntimeException {

    private StoredFailure(String message) {
        super(message, null, false, false);
    }

    /** The failure of {@code trial}, or null when it did not fail. */
    static StoredFailure of(Trial trial) {
        if (trial.status() != TrialStatus.FAILED && trial.status() != TrialStatus.INVALID) {
            return null;
        }
        String firstLine = ExitDescriptions.firstLine(trial.message());
        return new StoredFailure(firstLine == null ? "trial " + trial.id() + " " + trial.status() : firstLine);
    }
}
