package dev.tunebatch.app.console;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.Values;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.results.StoredSearches;
import dev.tunebatch.results.StoredTrials;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A stored search read back from PostgreSQL without changing it (through the read model, {@link StoredSearches}): its
 * objective and its trials, with keras-tuner's results summary.
 *
 * @param search    the search's name
 * @param objective what the search optimises
 * @param trials    every trial, in creation order
 * @param expected  the oracle's best expected scores by trial id, best first (empty when it ranks by score)
 */
public record StoredResults(String search, ObjectiveSpec objective, List<Trial> trials, Map<String, Double> expected) {

    public StoredResults(String search, ObjectiveSpec objective, List<Trial> trials) {
        this(search, objective, trials, Map.of());
    }

    /** The stored search named {@code search}, or empty when the database holds none. */
    public static Optional<StoredResults> load(DataSource dataSource, String search) {
        return new StoredSearches(dataSource).storedTrials(search)
                .map(t -> new StoredResults(t.search(), t.objective(), t.trials(), t.expected()));
    }

    /**
     * The {@code n} best completed trials, best first (ties in creation order), ranked as
     * {@link StoredTrials#best(int)} ranks them.
     */
    public List<Trial> best(int n) {
        return stored().best(n);
    }

    /** The non-dominated trials (a Pareto search's front; the best trial otherwise). */
    public List<Trial> paretoFront() {
        return stored().paretoFront();
    }

    /** Trials per status. */
    public Map<TrialStatus, Integer> counts() {
        return stored().counts();
    }

    private StoredTrials stored() {
        return new StoredTrials(search, objective, trials, expected);
    }

    /** How many trials completed. */
    public int completed() {
        return counts().getOrDefault(TrialStatus.COMPLETED, 0);
    }

    /** keras-tuner's results summary of the {@code n} best trials. */
    public String summary(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("Results summary\n");
        sb.append("Results in PostgreSQL search '").append(search).append("'\n");
        sb.append("Showing ").append(n).append(" best trials\n");
        sb.append(objective).append('\n');
        Map<String, Integer> fronts = objective.isPareto() ? TrialRanking.fronts(objective, trials) : Map.of();
        if (objective.isPareto()) {
            sb.append("Pareto front: ").append(paretoFront().stream().map(Trial::id).toList()).append('\n');
        }
        for (Trial t : best(n)) {
            sb.append('\n').append("Trial ").append(t.id()).append(" summary\n").append("Hyperparameters:\n");
            Map<String, Object> values = values(t);
            if (values.isEmpty()) {
                sb.append("default configuration\n");
            }
            values.forEach((k, v) -> sb.append(k).append(": ").append(Values.pythonStr(v)).append('\n'));
            if (t.score() != null) {
                sb.append("Score: ").append(Values.pythonStr(t.score())).append('\n');
            }
            sb.append(TrialRanking.annotation(objective, t, fronts.get(t.id())));
            if (t.progress().executionCount() > 1) {
                sb.append("Executions: ").append(t.progress().executionCount());
                if (t.progress().scoreSd() != null) {
                    sb.append(" (standard deviation ").append(Values.pythonStr(t.progress().scoreSd())).append(')');
                }
                sb.append('\n');
            }
            if (t.progress().expected() != null) {
                sb.append("Expected score: ").append(Values.pythonStr(t.progress().expected())).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The {@code results} command's text for a Pareto or constrained search: the best trials as a table (front,
     * objective values or score, feasibility), then the front's (or best trial's) hyperparameters as JSON.
     */
    public String resultsTable(int top) {
        StringBuilder sb = new StringBuilder();
        List<String> names = objective.isPareto() ? List.copyOf(objective.directions().keySet()) : List.of("score");
        Map<String, Integer> fronts = TrialRanking.fronts(objective, trials);
        sb.append(String.format(Locale.ROOT, "%-8s %-6s", "trial", "front"));
        names.forEach(n -> sb.append(String.format(Locale.ROOT, " %-14s", n)));
        sb.append(String.format(Locale.ROOT, " %-10s %s%n", "feasible", "hyperparameters"));
        for (Trial t : best(top)) {
            sb.append(String.format(Locale.ROOT, "%-8s %-6d", t.id(), fronts.get(t.id()) + 1));
            for (String n : names) {
                Double v = objective.isPareto() ? t.metrics().bestValue(n) : t.score();
                sb.append(String.format(Locale.ROOT, " %-14.6g", v == null ? Double.NaN : v));
            }
            sb.append(String.format(Locale.ROOT, " %-10s %s%n", TrialRanking.feasible(objective, t) ? "yes" : "no",
                    values(t)));
        }
        List<Trial> front = paretoFront();
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        if (objective.isPareto()) {
            sb.append("Pareto front hyperparameters (best first):\n")
                    .append(json.writeValueAsString(front.stream().map(StoredResults::values).toList()));
        } else {
            sb.append("Best hyperparameters:\n")
                    .append(front.isEmpty() ? "{}" : json.writeValueAsString(values(front.get(0))));
        }
        return sb.append('\n').toString();
    }

    /** A trial's values in the order the hypermodel declared its hyperparameters (the database sorts keys). */
    public static Map<String, Object> values(Trial trial) {
        Map<String, Object> values = trial.hyperparameters().values();
        Map<String, Object> out = new LinkedHashMap<>();
        for (HyperParameter p : trial.hyperparameters().space()) {
            if (values.containsKey(p.name())) {
                out.put(p.name(), values.get(p.name()));
            }
        }
        values.forEach(out::putIfAbsent);
        return out;
    }
}
