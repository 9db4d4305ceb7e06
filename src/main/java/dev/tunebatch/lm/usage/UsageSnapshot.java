package dev.tunebatch.lm.usage;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counters of one program at one instant: LM usage per phase, and how often and how long the program ran.
 *
 * @param phases           LM usage per phase
 * @param programCalls     program invocations (one per sample predicted)
 * @param programNanos     summed wall time of those invocations
 */
public record UsageSnapshot(Map<Phase, PhaseUsage> phases, long programCalls, long programNanos) {

    public UsageSnapshot {
        EnumMap<Phase, PhaseUsage> copy = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            copy.put(p, phases.getOrDefault(p, PhaseUsage.ZERO));
        }
        phases = Map.copyOf(copy);
    }

    /** Nothing counted. */
    public static UsageSnapshot empty() {
        return new UsageSnapshot(Map.of(), 0, 0);
    }

    /** The usage of {@code phase}. */
    public PhaseUsage phase(Phase phase) {
        return phases.get(phase);
    }

    /** The cost of all phases. */
    public double totalCost() {
        return phases.values().stream().mapToDouble(PhaseUsage::cost).sum();
    }

    /** The counters accrued since {@code earlier}. */
    public UsageSnapshot minus(UsageSnapshot earlier) {
        EnumMap<Phase, PhaseUsage> out = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            out.put(p, phase(p).minus(earlier.phase(p)));
        }
        return new UsageSnapshot(out, programCalls - earlier.programCalls, programNanos - earlier.programNanos);
    }
}
