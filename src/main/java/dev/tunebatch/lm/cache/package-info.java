/**
 * The response cache in PostgreSQL, keyed on the whole request (model, messages, schema, sampling, seed), so that a
 * resumed trial does not pay twice for the same call. Depends on {@code lm.model} and Spring JDBC.
 */
package dev.tunebatch.lm.cache;
