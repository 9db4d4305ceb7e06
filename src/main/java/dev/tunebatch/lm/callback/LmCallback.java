package dev.tunebatch.lm.callback;

import dev.tunebatch.program.Callback;
import dev.tunebatch.program.Checkpointable;

/**
 * A callback that an LM program copies for each {@code fit} and binds to itself. The tuner hands the same callback
 * instances to every trial; the per-fit copy keeps one trial's state (best value, patience) out of the next.
 */
public interface LmCallback extends Callback {

    /** A fresh copy for one fit of {@code program}. */
    LmCallback forFit(Checkpointable program);

    /** After the last epoch of a fit (also after an early stop). */
    default void onTrainEnd() {
    }
}
