package dev.tunebatch.oracle.bayes;

/**
 * What the acquisition search minimises, from the posterior mean and variance of the (standardised, minimised) score
 * at a candidate.
 */
sealed interface Acquisition permits ConfidenceBound, ExpectedImprovement {

    /** The value at a posterior mean and variance; lower is better. */
    double value(double mean, double variance);
}
