package dev.tunebatch.lm.usage;

import java.util.EnumMap;
import java.util.Map;

/**
 * The live counters of one program (one trial): every LM call its modules, rewards and optimizer make, by phase, and
 * its own invocations. Operational metrics report differences of these counters; safe for concurrent use.
 */
public final class UsageTracker {

    private final EnumMap<Phase, PhaseUsage> phases = new EnumMap<>(Phase.class);
    private long programCalls;
    private long programNanos;

    public UsageTracker() {
        for (Phase p : Phase.values()) {
            phases.put(p, PhaseUsage.ZERO);
        }
    }

    /** Counts one LM call of {@code phase}. */
    public synchronized void record(Phase phase, CallRecord call) {
        phases.put(phase, phases.get(phase).plus(call));
    }

    /** Counts one program invocation that took {@code nanos}. */
    public synchronized void recordProgramCall(long nanos) {
        programCalls++;
        programNanos += nanos;
    }

    /** The counters now. */
    public synchronized UsageSnapshot snapshot() {
        return new UsageSnapshot(Map.copyOf(phases), programCalls, programNanos);
    }
}
