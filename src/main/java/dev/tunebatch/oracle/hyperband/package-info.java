/**
 * Hyperband: the bracket schedule, successive halving within a round, each trial handed its epoch budget and its
 * parent's state. Depends on {@code oracle} and {@code hp}.
 */
package dev.tunebatch.oracle.hyperband;
