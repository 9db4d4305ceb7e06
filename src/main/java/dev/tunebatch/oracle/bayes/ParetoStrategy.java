package dev.tunebatch.oracle.bayes;

/** How the Bayesian oracle proposes for a Pareto front. */
public enum ParetoStrategy {
    /** Expected hypervolume improvement with two objectives, ParEGO with three or more (the default). */
    EHVI,
    /** ParEGO's random augmented-Chebyshev scalarisations, for any number of objectives. */
    PAREGO
}
