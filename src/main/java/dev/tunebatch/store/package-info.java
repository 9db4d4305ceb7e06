/**
 * Where a search lives: the {@code TrialStore} SPI (the oracle state, one document per trial, program checkpoints;
 * atomic saves, an exclusive lock for oracle mutations, and a claim that keeps a second live process out), and the
 * in-memory store. Implementations: {@code store.file} (JSON files) and {@code store.jdbc} (PostgreSQL); all pass the
 * same contract test suite. A store that can tell which trials changed since a revision lets a process that shares
 * the search with others read only those ({@code loadChangedSince}); the others load everything.
 * <p>Depends on {@code oracle}; no Spring.
 */
package dev.tunebatch.store;
