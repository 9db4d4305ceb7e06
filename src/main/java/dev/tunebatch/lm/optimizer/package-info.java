/**
 * Optimizers of LM programs' trainable state, which is JSON so that it checkpoints per epoch:
 * {@code RandomFewShot} picks few-shot examples from the best-rewarded ones. Depends on {@code lm.module}.
 */
package dev.tunebatch.lm.optimizer;
