/**
 * Bayesian optimisation: a Gaussian process (ARD Matérn 5/2, fitted by marginal likelihood) over an encoding of
 * the space that knows log scales, integers, steps, categories and inactive conditional parameters; acquisitions
 * (confidence bound, log expected improvement) searched over a candidate pool with local refinement; running trials
 * count as pending. Deterministic from the persisted state. Depends on {@code oracle}, {@code hp}, EJML and
 * Hipparchus.
 */
package dev.tunebatch.oracle.bayes;
