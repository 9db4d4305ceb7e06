package dev.tunebatch.lm.module;

import dev.tunebatch.lm.usage.CallContext;

import java.util.Objects;

/**
 * Travels with one sample through a program's modules.
 *
 * @param calls    accounting context of LM calls (counters, phase, ledger account)
 * @param training whether trainable modules should record their calls in {@code trace}
 * @param trace    where they record them
 */
public record ModuleContext(CallContext calls, boolean training, Trace trace) {

    public ModuleContext {
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(trace, "trace");
    }

    /** A context for inference outside training. */
    public static ModuleContext inference(CallContext calls) {
        return new ModuleContext(calls, false, new Trace());
    }
}
