/**
 * The search loop and the tuners users build: {@code RandomSearch}, {@code GridSearch},
 * {@code BayesianOptimization} and {@code Hyperband} over {@code TunerBuilder}; {@code SearchSession} (an open
 * search: every oracle call under the store's lock, saved in the same unit); {@code TrialRunner} (build, fit or
 * evaluate, reduce the history to the trial's metrics, checkpoint per epoch); keras-tuner's console display and
 * summaries; {@code ClaimWatch}, which keeps a run's claim on its search. The life of every trial is coded here once:
 * {@code TrialDriver} is the one loop (next trial, announce, execute, classify, end, consecutive failures) and
 * {@code TrialLife} one trial's run, its events ({@code TrialEvent}) and the one classification of its end
 * ({@code TrialEnd}). The library executes trials inline ({@code Tuner.search}); the Spring Batch engine plugs in as
 * a {@code TrialExecutor} that runs each trial as a step, in process or on a worker.
 * <p>Depends on {@code hp}, {@code oracle}, {@code program}, {@code store} and the JDK (logging through
 * {@code System.Logger}); no Spring.
 */
package dev.tunebatch.tuner;
