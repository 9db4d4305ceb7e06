package dev.tunebatch.report;

import dev.tunebatch.batch.StoredBudgets;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ConstraintSpec;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link SearchReport} from SQL: {@code tb_search} (kind, objective, space), {@code tb_trial} (every trial)
 * and {@code lm_cost_ledger} (rows whose {@code run_id} is the search's name). Each statement is parameterised.
 * Trials are ranked as the oracle ranks them ({@link TrialRanking}: fronts, feasibility) from their stored metrics.
 */
final class SearchReportQueries {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    SearchReportQueries(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** The report data of {@code search}; fails naming the search when it is not stored. */
    SearchReport load(String search) {
        record Head(String kind, String objective, boolean maximize, String space, String spec, String expected) {
        }
        List<Head> heads = jdbc.query("""
                select kind, oracle_state->'objective'->>'name',
                       coalesce(oracle_state->'objective'->>'direction', 'min') = 'max',
                       (oracle_state->'hyperparameters'->'space')::text, (oracle_state->'objective')::text,
                       (oracle_state->'expected_best')::text
                from tb_search where search_name = ? and oracle_state is not null""",
                (rs, i) -> new Head(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), search);
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("search: no search named '" + search + "' is stored in tb_search; "
                    + "run it first (run " + search + "), or list the stored ones with "
                    + "'select search_name from tb_search'.");
        }
        Head head = heads.get(0);
        ObjectiveSpec spec = head.spec() == null ? ObjectiveSpec.single(String.valueOf(head.objective()),
                head.maximize() ? MetricDirection.MAX : MetricDirection.MIN) : ObjectiveSpec.fromConfig(map(head.spec()));
        List<String> budgets = StoredBudgets.read(jdbc, search).stream().map(StoredBudgets.Line::describe).toList();
        return new SearchReport(search, head.kind(), head.objective(), head.maximize(), clock.instant(),
                space(head.space()), trials(search, spec), cost(search),
                spec.isPareto() ? spec.components().stream().map(c -> new ReportObjective(c.name(),
                        c.direction() == MetricDirection.MAX)).toList() : List.of(),
                spec.constraints().stream().map(ConstraintSpec::toString).toList(), budgets,
                spec.isScalar() && !spec.hasConstraints() ? expectedIds(head.expected()) : List.of());
    }

    /** The trial ids of the oracle's stored best expected scores, best first. */
    private List<String> expectedIds(String text) {
        List<String> ids = new ArrayList<>();
        if (text != null) {
            for (Object pair : json.readValue(text, List.class)) {
                ids.add(String.valueOf(((List<?>) pair).get(0)));
            }
        }
        return ids;
    }

    /** Every trial, ranked as the oracle ranks them (front, violated constraints). */
    private List<ReportTrial> trials(String search, ObjectiveSpec spec) {
        record Row(String id, String status, Double score, Map<String, Object> values, int runs, Instant started,
                   Instant ended, String message, Trial trial, Double scoreSd, int executions) {
        }
        List<Row> rows = new ArrayList<>();
        jdbc.query("""
                select trial_id, status, score, (document->'hyperparameters'->'values')::text,
                       coalesce((document->>'run_count')::int, 0), document->>'started_at', document->>'ended_at',
                       document->>'message', (document->'metrics')::text, (document->>'score_sd')::float8,
                       coalesce(jsonb_array_length(document->'executions'), 1)
                from tb_trial where search_name = ? order by length(trial_id), trial_id""", rs -> {
            double value = rs.getDouble(3);
            Double score = rs.wasNull() ? null : value;
            double sd = rs.getDouble(10);
            Double spread = rs.wasNull() ? null : sd;
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("trial_id", rs.getString(1));
            doc.put("status", rs.getString(2));
            doc.put("score", score);
            doc.put("metrics", rs.getString(9) == null ? Map.of() : map(rs.getString(9)));
            rows.add(new Row(rs.getString(1), rs.getString(2), score, values(rs.getString(4)), rs.getInt(5),
                    instant(rs.getString(6)), instant(rs.getString(7)), rs.getString(8),
                    Trial.fromConfig(doc, new HyperParameters()), spread, rs.getInt(11)));
        }, search);
        Map<String, Integer> fronts = TrialRanking.fronts(spec, rows.stream().map(Row::trial).toList());
        List<ReportTrial> trials = new ArrayList<>();
        for (Row r : rows) {
            List<Double> objectives = spec.isPareto() ? spec.components().stream()
                    .map(c -> r.trial().metrics().bestValue(c.name())).toList() : List.of();
            boolean ranked = TrialRanking.ranked(spec, r.trial());
            trials.add(new ReportTrial(trials.size(), r.id(), r.status(), r.score(), r.values(), r.runs(),
                    r.started(), r.ended(), r.message(), objectives, fronts.get(r.id()),
                    ranked ? TrialRanking.violations(spec, r.trial()) : List.of(), ranked, r.scoreSd(),
                    r.executions()));
        }
        return trials;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String text) {
        return json.readValue(text, LinkedHashMap.class);
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
    private Map<String, Object> values(String text) {
        return text == null ? Map.of() : json.readValue(text, LinkedHashMap.class);
    }

    @SuppressWarnings("unchecked")
    private List<HyperparameterSpec> space(String text) {
        List<HyperparameterSpec> specs = new ArrayList<>();
        if (text == null) {
            return specs;
        }
        for (Map<String, Object> entry : (List<Map<String, Object>>) json.readValue(text, List.class)) {
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

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }
}
