package dev.tunebatch.tuner;

import dev.tunebatch.oracle.MetricDirection;

/** Whether an objective is maximised or minimised. */
public enum Direction {
    MAX, MIN;

    /** The oracle's form of this direction. */
    public MetricDirection toMetricDirection() {
        return this == MAX ? MetricDirection.MAX : MetricDirection.MIN;
    }

    static Direction of(MetricDirection d) {
        return d == MetricDirection.MAX ? MAX : MIN;
    }
}
