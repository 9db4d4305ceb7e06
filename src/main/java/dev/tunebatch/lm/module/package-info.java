/**
 * The building blocks of LM programs: {@code Input}, {@code Generator} (instructions, few-shot examples, structured
 * JSON output validated against its schema), {@code Chain}, {@code Parallel}, {@code EmbeddingClassifier}, and the
 * trainable state they expose. Depends on {@code lm.model}, {@code lm.data} and {@code lm.embedding}.
 */
package dev.tunebatch.lm.module;
