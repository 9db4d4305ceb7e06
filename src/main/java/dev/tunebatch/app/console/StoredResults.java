package dev.tunebatch.app.console;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.Values;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.StoredRanking;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.jdbc.JdbcTrialStore;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stored search read back from PostgreSQL without changing it: its objective and its trials, with keras-tuner's
 * results summary.
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
    @SuppressWarnings("unchecked")
    public static Optional<StoredResults> load(DataSource dataSource, String search) {
        Optional<StoredSearch> stored = new JdbcTrialStore(dataSource, search).load();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> state = stored.get().oracleState();
        HyperParameters space = HyperParameters.fromConfig((Map<String, Object>) state.get("hyperparameters"));
        ObjectiveSpec objective = ObjectiveSpec.fromConfig((Map<String, Object>) state.get("objective"));
        List<Trial> trials = new ArrayList<>();
        for (Map<String, Object> doc : stored.get().trials()) {
            trials.add(Trial.fromConfig(doc, space));
        }
        return Optional.of(new StoredResults(search, objective, List.copyOf(trials),
                StoredRanking.expected(state)));
    }

    /**
     * The {@code n} best completed trials, best first (ties in creation order): the best expected first when the
     * oracle stored expected scores (the Bayesian model's posterior mean), else by score (the mean over a trial's
     * executions).
     */
    public List<Trial> best(int n) {
        return StoredRanking.best(trials, objective.direction(), expected, n);
    }

    /** Trials per status. */
    public Map<TrialStatus, Integer> counts() {
        Map<TrialStatus, Integer> counts = new EnumMap<>(TrialStatus.class);
        trials.forEach(t -> counts.merge(t.status(), 1, Integer::sum));
        return counts;
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
        for (Trial t : best(n)) {
            sb.append('\n').append("Trial ").append(t.id()).append(" summary\n").append("Hyperparameters:\n");
            Map<String, Object> values = values(t);
            if (values.isEmpty()) {
                sb.append("default configuration\n");
            }
            values.forEach((k, v) -> sb.append(k).append(": ").append(Values.pythonStr(v)).append('\n'));
            sb.append("Score: ").append(Values.pythonStr(t.score())).append('\n');
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
