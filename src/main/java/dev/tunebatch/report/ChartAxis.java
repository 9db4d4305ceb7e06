package dev.tunebatch.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A vertical axis of the parallel-coordinates chart: where a value sits, from 0 (bottom) to 1 (top). */
sealed interface ChartAxis permits ChartAxis.Numeric, ChartAxis.Categorical {

    /** A labelled position on an axis. */
    record Tick(double position, String label) {
    }

    String name();

    /** The value's position from 0 to 1, or NaN when the trial has no value on this axis. */
    double position(Object value);

    List<Tick> ticks();

    /** A numeric axis from {@code min} to {@code max}, logarithmic when {@code log} (then {@code min > 0}). */
    record Numeric(String name, double min, double max, boolean log) implements ChartAxis {

        @Override
        public double position(Object value) {
            if (!(value instanceof Number n) || value instanceof Boolean) {
                return Double.NaN;
            }
            double v = n.doubleValue();
            if (max == min) {
                return 0.5;
            }
            double p = log ? (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (v - min) / (max - min);
            return Math.max(0, Math.min(1, p));
        }

        @Override
        public List<Tick> ticks() {
            if (max == min) {
                return List.of(new Tick(0.5, Html.number(min)));
            }
            double mid = log ? Math.sqrt(min * max) : (min + max) / 2;
            return List.of(new Tick(0, Html.number(min)), new Tick(0.5, Html.number(mid)),
                    new Tick(1, Html.number(max)));
        }
    }

    /** Categories spaced evenly from bottom to top, in declared (else first-seen) order. */
    record Categorical(String name, List<String> categories) implements ChartAxis {

        @Override
        public double position(Object value) {
            int i = value == null ? -1 : categories.indexOf(Html.value(value));
            if (i < 0) {
                return Double.NaN;
            }
            return categories.size() == 1 ? 0.5 : (double) i / (categories.size() - 1);
        }

        @Override
        public List<Tick> ticks() {
            List<Tick> ticks = new ArrayList<>();
            for (String c : categories) {
                ticks.add(new Tick(position(c), c));
            }
            return ticks;
        }
    }

    /**
     * The axis of one hyperparameter over {@code trials}, or empty when fewer than two distinct values occur (a
     * constant says nothing in this chart). Declared bounds and choices widen the axis; numeric values of an undeclared
     * hyperparameter make a numeric axis.
     */
    static Optional<ChartAxis> of(HyperparameterSpec spec, List<ReportTrial> trials) {
        List<Object> observed = new ArrayList<>();
        for (ReportTrial t : trials) {
            Object v = t.values().get(spec.name());
            if (v != null) {
                observed.add(v);
            }
        }
        Set<String> distinct = new LinkedHashSet<>();
        observed.forEach(v -> distinct.add(Html.value(v)));
        if (distinct.size() < 2 || spec.fixed()) {
            return Optional.empty();
        }
        boolean allNumbers = observed.stream().allMatch(v -> v instanceof Number && !(v instanceof Boolean));
        if (allNumbers && (spec.numericType() || spec.type() == null)) {
            double min = observed.stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElseThrow();
            double max = observed.stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElseThrow();
            if (spec.min() != null) {
                min = Math.min(min, spec.min());
            }
            if (spec.max() != null) {
                max = Math.max(max, spec.max());
            }
            return Optional.of(new Numeric(spec.name(), min, max, spec.log() && min > 0));
        }
        Set<String> categories = new LinkedHashSet<>();
        if ("Boolean".equals(spec.type())) {
            categories.add("false");
            categories.add("true");
        }
        spec.choices().forEach(c -> categories.add(Html.value(c)));
        categories.addAll(distinct);
        return Optional.of(new Categorical(spec.name(), List.copyOf(categories)));
    }
}
