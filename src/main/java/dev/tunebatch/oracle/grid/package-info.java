/**
 * Grid search over the discrete values of the space (floats by their step), in keras-tuner's order; its
 * odometer is persisted, so an interrupted grid search resumes where it left off. Depends on {@code oracle} and
 * {@code hp}.
 */
package dev.tunebatch.oracle.grid;
