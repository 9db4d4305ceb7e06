/**
 * The one read model of a stored search: what {@code status}, {@code results}, the console, the HTML report and its
 * index, and the meters show, read from {@code tb_search} and {@code tb_trial} (with Spring Batch's step executions for
 * the heartbeat of running trials). {@link dev.tunebatch.results.StoredSearches} holds every query, typed rows come
 * back as records ({@link dev.tunebatch.results.SearchHead}, {@link dev.tunebatch.results.RankedTrial},
 * {@link dev.tunebatch.results.TrialRow}, {@link dev.tunebatch.results.RunningTrial}, ...), and the tables' columns and
 * JSON paths are named once, in {@code StoredColumns}. {@link dev.tunebatch.results.SearchInspector} turns them into the
 * operator's {@code status} and {@code results} text.
 * <p>Depends on the store's schema through Spring JDBC, on Jackson, and on the stored forms of {@code oracle} and
 * {@code hp} (to rebuild trials and rank them as the oracle does); never on the {@code batch} engine, {@code report},
 * {@code app} or {@code observability}. The write side (the oracle's persistence) is {@code store.jdbc}.
 */
package dev.tunebatch.results;
