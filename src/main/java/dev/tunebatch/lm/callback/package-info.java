/**
 * Callbacks for LM programs' fits, such as early stopping on a monitored metric. Depends on {@code program}.
 */
package dev.tunebatch.lm.callback;
