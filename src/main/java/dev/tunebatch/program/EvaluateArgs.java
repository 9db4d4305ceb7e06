package dev.tunebatch.program;

import java.util.List;

/**
 * What the tuner passes to {@code evaluate} on the evaluate-only path: the validation data when given, else x/y.
 *
 * @param batchSize the batch size, or {@code null} for the program's default
 */
public record EvaluateArgs(List<?> x, List<?> y, Integer batchSize) {
}
