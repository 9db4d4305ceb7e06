package dev.tunebatch.lm.model;

/** Where every LM call's tokens and cost are written, per run, trial and phase. */
@FunctionalInterface
public interface CostLedger {

    /** A ledger that keeps nothing. */
    CostLedger NONE = entry -> {
    };

    /** Records one call. */
    void record(LedgerEntry entry);
}
