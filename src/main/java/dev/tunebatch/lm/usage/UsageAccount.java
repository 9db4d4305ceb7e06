package dev.tunebatch.lm.usage;

import java.util.Objects;

/**
 * Whom the cost ledger charges: a run (a search) and a trial (a program). Set by whoever builds the program; a
 * program without one is charged to its own generated name.
 *
 * @param run   the search or run the program belongs to
 * @param trial the trial (or program instance) within it
 */
public record UsageAccount(String run, String trial) {

    public UsageAccount {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(trial, "trial");
    }
}
