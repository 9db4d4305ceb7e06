package dev.tunebatch.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a search's report shows, read from SQL at one instant by {@link SearchReportQueries}.
 *
 * @param kind             the oracle's kind (e.g. {@code RandomSearch})
 * @param objective        the objective's name ({@code pareto} for a Pareto search)
 * @param maximize         whether the objective is maximised
 * @param space            the declared hyperparameters, in declaration order
 * @param trials           every trial, in creation order
 * @param cost             LM usage per trial and phase (empty when no LM call was recorded)
 * @param paretoObjectives a Pareto search's objectives (empty otherwise)
 * @param constraints      the constraints a feasible trial respects, as text (possibly none)
 * @param budgets          each budget with what it has consumed, described (empty without budgets)
 * @param expectedBest     the trial ids the oracle expects best, best first (empty when it ranks by score)
 */
record SearchReport(String search, String kind, String objective, boolean maximize, Instant generatedAt,
                    List<HyperparameterSpec> space, List<ReportTrial> trials, List<CostLine> cost,
                    List<ReportObjective> paretoObjectives, List<String> constraints, List<String> budgets,
                    List<String> expectedBest, Map<String, Integer> trialsPerWorker) {

    /** A search run in one process (no workers). */
    SearchReport(String search, String kind, String objective, boolean maximize, Instant generatedAt,
                 List<HyperparameterSpec> space, List<ReportTrial> trials, List<CostLine> cost,
                 List<ReportObjective> paretoObjectives, List<String> constraints, List<String> budgets,
                 List<String> expectedBest) {
        this(search, kind, objective, maximize, generatedAt, space, trials, cost, paretoObjectives, constraints,
                budgets, expectedBest, Map.of());
    }

    /** A Pareto or constrained search without budgets. */
    SearchReport(String search, String kind, String objective, boolean maximize, Instant generatedAt,
                 List<HyperparameterSpec> space, List<ReportTrial> trials, List<CostLine> cost,
                 List<ReportObjective> paretoObjectives, List<String> constraints) {
        this(search, kind, objective, maximize, generatedAt, space, trials, cost, paretoObjectives, constraints,
                List.of(), List.of());
    }

    /** A single-objective search without constraints. */
    SearchReport(String search, String kind, String objective, boolean maximize, Instant generatedAt,
                 List<HyperparameterSpec> space, List<ReportTrial> trials, List<CostLine> cost) {
        this(search, kind, objective, maximize, generatedAt, space, trials, cost, List.of(), List.of());
    }

    /** Whether this is a Pareto search. */
    boolean pareto() {
        return !paretoObjectives.isEmpty();
    }

    /** The feasible trials of the first front (a Pareto search's front), in creation order. */
    List<ReportTrial> front() {
        return trials.stream().filter(ReportTrial::onFront).toList();
    }

    /** Trial counts by status, largest group first. */
    Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        trials.forEach(t -> counts.merge(t.status(), 1L, Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The completed trials with a finite score, in creation order. */
    List<ReportTrial> completed() {
        return trials.stream().filter(ReportTrial::completed).toList();
    }

    /** Orders scores best first. */
    Comparator<Double> bestFirst() {
        return maximize ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder();
    }

    /**
     * The best completed trial (the first in creation order on a tie): the oracle's best expected one when it stored
     * expected scores, else the first of the oracle's ranking when the trials carry it (so with constraints, the best
     * feasible one). A Pareto search has a front instead.
     */
    Optional<ReportTrial> best() {
        if (pareto()) {
            return Optional.empty();
        }
        for (String id : expectedBest) {
            Optional<ReportTrial> expected = completed().stream().filter(t -> t.id().equals(id)).findFirst();
            if (expected.isPresent()) {
                return expected;
            }
        }
        ReportTrial best = null;
        for (ReportTrial t : completed()) {
            boolean better = t.front() != null && best != null && best.front() != null ? t.front() < best.front()
                    : best == null || bestFirst().compare(t.score(), best.score()) < 0;
            if (better) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code a} is strictly better than {@code b}. */
    boolean better(double a, double b) {
        return maximize ? a > b : a < b;
    }

    /**
     * The hyperparameters to show: the declared ones in declaration order, then any other name found in the trials'
     * values (e.g. Hyperband's {@code tuner/epochs}).
     */
    List<HyperparameterSpec> hyperparameters() {
        Map<String, HyperparameterSpec> all = new LinkedHashMap<>();
        space.forEach(s -> all.put(s.name(), s));
        Set<String> seen = new LinkedHashSet<>();
        trials.forEach(t -> seen.addAll(t.values().keySet()));
        seen.forEach(name -> all.putIfAbsent(name, HyperparameterSpec.undeclared(name)));
        return new ArrayList<>(all.values());
    }

    long totalTokens() {
        return cost.stream().mapToLong(CostLine::totalTokens).sum();
    }

    double totalCost() {
        return cost.stream().mapToDouble(CostLine::cost).sum();
    }
}
