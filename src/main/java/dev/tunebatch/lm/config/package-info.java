/**
 * Spring wiring of the LM runtime: {@code tunebatch.lm.*} endpoints, models, prices, cache and ledger, validated at
 * start-up, exposed as {@code LanguageModels}. Depends on {@code lm.model}, {@code lm.cache}, {@code lm.ledger} and
 * Spring Boot.
 */
package dev.tunebatch.lm.config;
