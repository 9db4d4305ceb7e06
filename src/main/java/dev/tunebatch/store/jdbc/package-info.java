/**
 * A search stored in PostgreSQL ({@code tb_search}, {@code tb_trial}, {@code tb_checkpoint}): oracle mutations
 * serialised by a transaction-scoped advisory lock, the claim a session-level advisory lock that dies with its
 * process, writes that join the caller's transaction so a trial step's progress and its step state commit together.
 * Each trial row carries the revision that saved it and each search an incarnation, so a process reads only the
 * trials saved since the revision it last read or committed.
 * Depends on {@code store}, {@code oracle}, Spring JDBC and Jackson.
 */
package dev.tunebatch.store.jdbc;
