/**
 * The search meters ({@link dev.tunebatch.observability.SearchMetrics}): trials by status, trial durations, best
 * score, LM tokens and cost, budgets, trials per worker (remote execution), read from SQL through the read model
 * ({@code dev.tunebatch.results}) so that dashboards and the database agree. Health (with the database) comes
 * from Spring Boot Actuator; the search and trial ids in log lines from {@link dev.tunebatch.batch.SearchLogContext}.
 * Accessed only by {@code app}; it knows the engine only as a {@link dev.tunebatch.batch.launch.SearchObserver}.
 */
package dev.tunebatch.observability;
