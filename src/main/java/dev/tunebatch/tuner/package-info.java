/**
 * The search loop and the tuners users build: {@code RandomSearch}, {@code GridSearch},
 * {@code BayesianOptimization} and {@code Hyperband} over {@code TunerBuilder}; {@code SearchSession} (an open
 * search: every oracle call under the store's lock, saved in the same unit); {@code TrialRunner} (build, fit or
 * evaluate, reduce the history to the trial's metrics, checkpoint per epoch); keras-tuner's console display and
 * summaries; {@code ClaimWatch}, which keeps a run's claim on its search. The Spring Batch engine drives searches
 * through the same {@code SearchSession}.
 * <p>Depends on {@code hp}, {@code oracle}, {@code program}, {@code store} and the JDK (logging through
 * {@code System.Logger}); no Spring.
 */
package dev.tunebatch.tuner;
