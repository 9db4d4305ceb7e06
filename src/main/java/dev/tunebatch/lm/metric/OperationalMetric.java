package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.usage.UsageSnapshot;
import dev.tunebatch.lm.usage.UsageTracker;
import tools.jackson.databind.JsonNode;

/**
 * A metric read from the counters of the program it is bound to: {@link #reset()} takes a baseline and
 * {@link #result()} reports what happened since. Samples ({@link #update}) are ignored. Unbound, it reports 0.
 */
public abstract class OperationalMetric implements Metric {

    private UsageTracker tracker;
    private UsageSnapshot baseline = UsageSnapshot.empty();

    @Override
    public final void bind(UsageTracker tracker) {
        this.tracker = tracker;
        this.baseline = tracker.snapshot();
    }

    @Override
    public final void update(JsonNode yTrue, JsonNode yPred) {
    }

    @Override
    public final synchronized void reset() {
        baseline = tracker == null ? UsageSnapshot.empty() : tracker.snapshot();
    }

    @Override
    public final synchronized double result() {
        if (tracker == null) {
            return 0.0;
        }
        return measure(tracker.snapshot().minus(baseline));
    }

    /** The value of this metric over {@code delta}, the counters accrued since the last reset. */
    protected abstract double measure(UsageSnapshot delta);
}
