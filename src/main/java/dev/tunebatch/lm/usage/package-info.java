/**
 * Counters of LM use per call, phase (training, validation, optimizer) and trial, read into a trial's metrics and
 * the ledger. Depends on the JDK only.
 */
package dev.tunebatch.lm.usage;
