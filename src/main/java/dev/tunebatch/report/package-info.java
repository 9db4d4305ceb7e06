/**
 * The static HTML report of a search: built from SQL (the read model of a stored search, {@code dev.tunebatch.results},
 * and {@code lm_cost_ledger}) into one self-contained page — optimisation history, parallel coordinates, hyperparameter
 * importance, the trials table and LM cost — with an index page listing every search, written at the end of every run
 * ({@link dev.tunebatch.report.ReportOnSearchEnd}) and on demand ({@link dev.tunebatch.report.SearchReportWriter},
 * the {@code report} command). Accessed only by {@code app}; it knows the engine only as a
 * {@link dev.tunebatch.batch.launch.SearchObserver}.
 */
package dev.tunebatch.report;
