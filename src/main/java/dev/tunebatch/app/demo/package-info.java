/**
 * The offline demo search that {@code ./mvnw spring-boot:run} runs: a support-intent router over a shipped dataset,
 * classified with an in-process embedding model and tuned by Bayesian optimisation; also the small synthetic programs
 * the engine's tests use. Part of {@code app}; depends on {@code lm}, {@code tuner} and {@code batch}.
 */
package dev.tunebatch.app.demo;
