/**
 * The cost ledger in PostgreSQL: one row per LM call with its tokens, cost, attempts and the trial and run it
 * belongs to, and the totals read back from it. Depends on {@code lm.model} and Spring JDBC.
 */
package dev.tunebatch.lm.ledger;
