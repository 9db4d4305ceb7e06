package dev.tunebatch.report;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Reads the {@link SearchIndex} from SQL: {@code tb_search} (kind, objective), {@code tb_trial} (counts, the best
 * score) and Spring Batch's {@code batch_job_execution} (the latest run of each search, found by its {@code search}
 * job parameter). One statement, no parameter from outside.
 */
final class SearchIndexQueries {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    SearchIndexQueries(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    SearchIndex load() {
        return new SearchIndex(clock.instant(), jdbc.query("""
                select s.search_name, s.kind, s.oracle_state->'objective'->>'name',
                       coalesce(s.oracle_state->'objective'->>'direction', 'min') = 'max' as maximize,
                       t.trials, t.completed, t.best_max, t.best_min, t.last_update, e.status, e.start_time, e.end_time
                from tb_search s
                cross join lateral (
                    select count(*) as trials,
                           count(*) filter (where status = 'COMPLETED') as completed,
                           max(score) filter (where status = 'COMPLETED' and score <> 'NaN') as best_max,
                           min(score) filter (where status = 'COMPLETED' and score <> 'NaN') as best_min,
                           max(updated_at) as last_update
                    from tb_trial where search_name = s.search_name) t
                left join lateral (
                    select je.status, je.start_time, je.end_time
                    from batch_job_execution je
                    join batch_job_execution_params p on p.job_execution_id = je.job_execution_id
                         and p.parameter_name = 'search' and p.parameter_value = s.search_name
                    order by je.job_execution_id desc limit 1) e on true
                where s.oracle_state is not null
                order by s.search_name""", (rs, i) -> {
            boolean maximize = rs.getBoolean(4);
            double best = rs.getDouble(maximize ? 7 : 8);
            Double bestScore = rs.wasNull() ? null : best;
            Timestamp end = rs.getTimestamp(12);
            Timestamp start = rs.getTimestamp(11);
            Timestamp trialUpdate = rs.getTimestamp(9);
            Instant lastRun = end != null ? batchTime(end) : start != null ? batchTime(start)
                    : trialUpdate == null ? null : trialUpdate.toInstant();
            return new SearchIndex.Entry(rs.getString(1), rs.getString(2), rs.getString(3), maximize, rs.getString(10),
                    rs.getLong(5), rs.getLong(6), bestScore, lastRun);
        }));
    }

    /** Spring Batch stores local date-times of the JVM that ran the job; this assumes the same zone. */
    private static Instant batchTime(Timestamp local) {
        return local.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant();
    }
}
