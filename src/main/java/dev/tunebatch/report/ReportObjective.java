package dev.tunebatch.report;

/**
 * One objective of a Pareto search as the report shows it.
 *
 * @param maximize whether higher is better
 */
record ReportObjective(String name, boolean maximize) {
}
