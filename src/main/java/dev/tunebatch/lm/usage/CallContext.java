package dev.tunebatch.lm.usage;

import java.util.Objects;

/**
 * Travels with every LM call: the program's counters to update, the phase the call belongs to and the ledger account.
 *
 * @param tracker the calling program's counters
 * @param phase   inference, reward or optimizer
 * @param account the ledger account
 */
public record CallContext(UsageTracker tracker, Phase phase, UsageAccount account) {

    public CallContext {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(account, "account");
    }

    /** A context for calls outside any program (tests, one-off use). */
    public static CallContext detached() {
        return new CallContext(new UsageTracker(), Phase.INFERENCE, new UsageAccount("detached", "detached"));
    }

    /** The same context in another phase. */
    public CallContext in(Phase other) {
        return other == phase ? this : new CallContext(tracker, other, account);
    }
}
