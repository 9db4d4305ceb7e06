package dev.tunebatch.hp;

import java.util.Locale;

/** How a numeric hyperparameter's range is traversed by random sampling and by the value/probability mappings. */
public enum Sampling {
    /** Uniform over {@code [min, max]}. */
    LINEAR,
    /** Uniform in log space: {@code min * (max/min)^p}; needs {@code min > 0}. */
    LOG,
    /** Dense near {@code max}: {@code max + min - min * (max/min)^(1-p)}; needs {@code min > 0}. */
    REVERSE_LOG;

    /** The keras-tuner spelling ({@code linear}, {@code log}, {@code reverse_log}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the keras-tuner spelling, case-insensitively; {@code null} means linear. */
    public static Sampling fromConfig(String name) {
        if (name == null) {
            return LINEAR;
        }
        for (Sampling s : values()) {
            if (s.configName().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("sampling '" + name
                + "' is not one of linear, log, reverse_log.");
    }
}
