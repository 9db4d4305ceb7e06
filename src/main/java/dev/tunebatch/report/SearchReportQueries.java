package dev.tunebatch.report;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ConstraintSpec;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import dev.tunebatch.results.SearchHead;
import dev.tunebatch.results.StoredBudgets;
import dev.tunebatch.results.StoredSearches;
import dev.tunebatch.results.TrialRow;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link SearchReport} from SQL: the search's head and every trial through the read model
 * ({@link StoredSearches}) and {@code lm_cost_ledger} (rows whose {@code run_id} is the search's name). Each statement
 * is parameterised.
 * Trials are ranked as the oracle ranks them ({@link TrialRanking}: fronts, feasibility) from their stored metrics.
 */
final class SearchReportQueries {

    private final JdbcTemplate jdbc;
    private final StoredSearches searches;
    private final Clock clock;

    SearchReportQueries(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.searches = new StoredSearches(jdbc);
        this.clock = clock;
    }

    /** The report data of {@code search}; fails naming the search when it is not stored. */
    SearchReport load(String search) {
        SearchHead head = searches.storedHead(search);
        ObjectiveSpec spec = head.objectiveConfig() == null ? ObjectiveSpec.single(String.valueOf(head.objective()),
                head.maximize() ? MetricDirection.MAX : MetricDirection.MIN)
                : ObjectiveSpec.fromConfig(head.objectiveConfig());
        List<String> budgets = searches.budgets(search).stream().map(StoredBudgets.Line::describe).toList();
        return new SearchReport(search, head.kind(), head.objective(), head.maximize(), clock.instant(),
                space(head.space()), trials(search, spec), cost(search),
                spec.isPareto() ? spec.components().stream().map(c -> new ReportObjective(c.name(),
                        c.direction() == MetricDirection.MAX)).toList() : List.of(),
                spec.constraints().stream().map(ConstraintSpec::toString).toList(), budgets,
                spec.isScalar() && !spec.hasConstraints() ? List.copyOf(head.expected().keySet()) : List.of(),
                searches.trialsPerWorker(search));
    }

    /** Every trial, ranked as the oracle ranks them (front, violated constraints). */
    private List<ReportTrial> trials(String search, ObjectiveSpec spec) {
        record Row(TrialRow stored, Trial trial) {
        }
        List<Row> rows = new ArrayList<>();
        for (TrialRow t : searches.trials(search)) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("trial_id", t.id());
            doc.put("status", t.status());
            doc.put("score", t.score());
            doc.put("metrics", t.metrics());
            rows.add(new Row(t, Trial.fromConfig(doc, new HyperParameters())));
        }
        Map<String, Integer> fronts = TrialRanking.fronts(spec, rows.stream().map(Row::trial).toList());
        List<ReportTrial> trials = new ArrayList<>();
        for (Row r : rows) {
            TrialRow t = r.stored();
            List<Double> objectives = spec.isPareto() ? spec.components().stream()
                    .map(c -> r.trial().metrics().bestValue(c.name())).toList() : List.of();
            boolean ranked = TrialRanking.ranked(spec, r.trial());
            trials.add(new ReportTrial(trials.size(), t.id(), t.status(), t.score(), t.values(), t.runCount(),
                    t.startedAt(), t.endedAt(), t.message(), objectives, fronts.get(t.id()),
                    ranked ? TrialRanking.violations(spec, r.trial()) : List.of(), ranked, t.scoreSd(),
                    t.executions()));
        }
        return trials;
    }

    private List<CostLine> cost(String search) {
        return jdbc.query("""
                select trial_id, phase, count(*), sum(input_tokens), sum(output_tokens), sum(total_tokens), sum(cost),
                       count(*) filter (where cached), count(*) filter (where failed)
                from lm_cost_ledger where run_id = ?
                group by trial_id, phase order by length(trial_id), trial_id, phase""",
                (rs, i) -> new CostLine(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getDouble(7), rs.getLong(8), rs.getLong(9)), search);
    }

    @SuppressWarnings("unchecked")
    private static List<HyperparameterSpec> space(List<Map<String, Object>> declared) {
        List<HyperparameterSpec> specs = new ArrayList<>();
        for (Map<String, Object> entry : declared) {
            Map<String, Object> config = (Map<String, Object>) entry.getOrDefault("config", Map.of());
            Object name = config.get("name");
            if (name == null) {
                continue;
            }
            Object choices = config.get("values");
            specs.add(new HyperparameterSpec(name.toString(), (String) entry.get("class_name"),
                    number(config.get("min_value")), number(config.get("max_value")),
                    "log".equals(config.get("sampling")) || "reverse_log".equals(config.get("sampling")),
                    choices instanceof List<?> list ? Collections.unmodifiableList(new ArrayList<>(list)) : List.of()));
        }
        return specs;
    }

    private static Double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }
}
