/**
 * What the tuner drives: the {@code Program} SPI (asynchronous {@code fit} and {@code evaluate}),
 * {@code FitArgs}/{@code EvaluateArgs}, the per-epoch {@code History}, {@code Callback}s, the hypermodels that build a
 * program from hyperparameters (synchronously or not), and {@code Checkpointable}, which lets a program save its state
 * after each epoch so that an interrupted trial resumes from its last epoch.
 * <p>Depends on {@code hp} and the JDK; no Spring.
 */
package dev.tunebatch.program;
