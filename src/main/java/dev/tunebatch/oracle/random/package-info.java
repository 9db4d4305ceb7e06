/**
 * Random search: proposals drawn from a counter-based random stream whose position is persisted, never a duplicate
 * of a tried configuration (collisions configurable). Depends on {@code oracle} and {@code hp}.
 */
package dev.tunebatch.oracle.random;
