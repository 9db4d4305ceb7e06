/**
 * The search algorithms' common core: the {@code Oracle} base class (trial life cycle, retries, consecutive-failure
 * limit, best-trial ranking, persisted state and its revision), {@code Trial} and {@code TrialStatus}, objectives and
 * metric directions, and the metrics tracker. One sub-package per algorithm ({@code random}, {@code grid},
 * {@code bayes}, {@code hyperband}). An oracle's decisions depend only on its persisted state, so a restored oracle
 * continues as if it had never stopped.
 * <p>Depends on {@code hp}, maths libraries (EJML, Hipparchus) and the JDK; no Spring.
 */
package dev.tunebatch.oracle;
