package dev.tunebatch.lm.model;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cost ledger in memory (tests, benchmarks). */
public final class InMemoryCostLedger implements CostLedger {

    private final List<LedgerEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(LedgerEntry entry) {
        entries.add(entry);
    }

    /** Every entry, in order. */
    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }
}
