package dev.tunebatch.tuner;

import dev.tunebatch.oracle.ConstraintSpec;

/**
 * A bound on a metric the program reports, which a trial must respect to be feasible: {@link #atMost} for costs and
 * latencies, {@link #atLeast} for quality floors. An infeasible trial ranks after every feasible one in
 * {@code getBestTrials}, {@code getBestHyperparameters} and {@code getParetoFront}, and the Bayesian oracle models
 * each constrained metric to stop proposing where it is likely violated. A trial that completes without the metric
 * stops the search with a message naming it; a NaN value makes the trial infeasible.
 */
public record Constraint(String metric, double bound, boolean atMost) {

    public Constraint {
        toSpec(metric, bound, atMost);
    }

    /** {@code metric <= bound}, e.g. {@code Constraint.atMost("program_cost", 0.5)}. */
    public static Constraint atMost(String metric, double bound) {
        return new Constraint(metric, bound, true);
    }

    /** {@code metric >= bound}, e.g. {@code Constraint.atLeast("val_accuracy", 0.8)}. */
    public static Constraint atLeast(String metric, double bound) {
        return new Constraint(metric, bound, false);
    }

    /** The oracle's form. */
    public ConstraintSpec toSpec() {
        return toSpec(metric, bound, atMost);
    }

    private static ConstraintSpec toSpec(String metric, double bound, boolean atMost) {
        return atMost ? ConstraintSpec.atMost(metric, bound) : ConstraintSpec.atLeast(metric, bound);
    }

    @Override
    public String toString() {
        return toSpec().toString();
    }
}
