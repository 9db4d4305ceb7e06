package dev.tunebatch.report;

import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.launch.SearchObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a search's report whenever a run of it ends — finished, stopped or failed — and then the index of all
 * searches, so the pages on disk always show the latest state. A page that cannot be written is logged; it never
 * changes the search's outcome.
 */
public final class ReportOnSearchEnd implements SearchObserver {

    private static final Logger log = LoggerFactory.getLogger(ReportOnSearchEnd.class);

    private final SearchReportWriter writer;

    public ReportOnSearchEnd(SearchReportWriter writer) {
        this.writer = writer;
    }

    @Override
    public void searchEnded(String search, LaunchOutcome outcome) {
        try {
            log.info("Report of search '{}' written to {}", search, writer.write(search));
        } catch (RuntimeException e) {
            log.warn("Could not write the report of search '{}': {}. Write it later with the command "
                    + "'report {}'.", search, e.getMessage(), search);
        }
        try {
            log.info("Index of the searches written to {}", writer.writeIndex());
        } catch (RuntimeException e) {
            log.warn("Could not write the index of the searches: {}. Write it later with the command 'report'.",
                    e.getMessage());
        }
    }
}
