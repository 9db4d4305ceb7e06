package dev.tunebatch.results;

import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.StoredRanking;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import dev.tunebatch.oracle.TrialStatus;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every trial of a stored search rebuilt as the oracle's {@link Trial}s, with the objective that ranks them: the read
 * model for readers that rank as the oracle does (fronts, feasibility, best expected), read by
 * {@link StoredSearches#storedTrials}.
 *
 * @param search    the search's name
 * @param objective what the search optimises
 * @param trials    every trial, in creation order
 * @param expected  the oracle's best expected scores by trial id, best first (empty when it ranks by score)
 */
public record StoredTrials(String search, ObjectiveSpec objective, List<Trial> trials, Map<String, Double> expected) {

    /**
     * The {@code n} best completed trials, best first (ties in creation order): by score, feasible before infeasible,
     * for a Pareto search by front, then hypervolume contribution; for a single objective without constraints the best
     * expected first when the oracle stored expected scores (the Bayesian model's posterior mean), else by score (the
     * mean over a trial's executions).
     */
    public List<Trial> best(int n) {
        if (objective.isScalar() && !objective.hasConstraints()) {
            return StoredRanking.best(trials, objective.direction(), expected, n);
        }
        return TrialRanking.bestFirst(objective, trials).stream().filter(t -> TrialRanking.ranked(objective, t))
                .limit(n).toList();
    }

    /** The non-dominated trials (a Pareto search's front; the best trial otherwise). */
    public List<Trial> paretoFront() {
        return TrialRanking.front(objective, trials);
    }

    /** Trials per status. */
    public Map<TrialStatus, Integer> counts() {
        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        trials.forEach(t -> counts.merge(t.status(), 1, Integer::sum));
        return counts;
    }
}
