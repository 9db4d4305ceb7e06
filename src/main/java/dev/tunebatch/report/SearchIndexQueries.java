package dev.tunebatch.report;

import dev.tunebatch.results.SearchOverview;
import dev.tunebatch.results.StoredSearches;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Reads the {@link SearchIndex} from SQL through the read model's overview of every stored search
 * ({@link StoredSearches#overview}: kind, objective, counts, the best score and the latest job execution, found by its
 * {@code search} job parameter). One statement, no parameter from outside.
 */
final class SearchIndexQueries {

    private final StoredSearches searches;
    private final Clock clock;

    SearchIndexQueries(DataSource dataSource, Clock clock) {
        this.searches = new StoredSearches(dataSource);
        this.clock = clock;
    }

    SearchIndex load() {
        return new SearchIndex(clock.instant(), searches.overview().stream().map(SearchIndexQueries::entry).toList());
    }

    private static SearchIndex.Entry entry(SearchOverview s) {
        Instant lastRun = s.lastEnd() != null ? batchTime(s.lastEnd()) : s.lastStart() != null
                ? batchTime(s.lastStart()) : s.lastTrialUpdate();
        return new SearchIndex.Entry(s.name(), s.kind(), s.objective(), s.maximize(), s.lastStatus(), s.trials(),
                s.completed(), s.best(), lastRun);
    }

    /** Spring Batch stores local date-times of the JVM that ran the job; this assumes the same zone. */
    private static Instant batchTime(LocalDateTime local) {
        return local.atZone(ZoneId.systemDefault()).toInstant();
    }
}
