package dev.tunebatch.oracle;

import java.util.Locale;

/** Whether a metric improves by going down ({@link #MIN}) or up ({@link #MAX}). */
public enum MetricDirection {
    MIN, MAX;

    /** Whether {@code a} is strictly better than {@code b} in this direction. */
    public boolean better(double a, double b) {
        return this == MAX ? a > b : a < b;
    }

    /** {@code "min"} or {@code "max"}, as keras-tuner writes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code "min"}/{@code "max"} (any case). */
    public static MetricDirection fromConfig(String s) {
        if ("min".equalsIgnoreCase(s)) {
            return MIN;
        }
        if ("max".equalsIgnoreCase(s)) {
            return MAX;
        }
        throw new IllegalArgumentException("`direction` should be one of {\"min\", \"max\"}, but got: " + s);
    }
}
