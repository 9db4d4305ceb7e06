package dev.tunebatch.report;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.UUID;

/**
 * Writes a search's static HTML report — header, optimisation history, parallel coordinates, hyperparameter
 * importance, the trials table and LM cost — built from SQL, to {@code <dir>/<search>.html}. The file is written under
 * a temporary name and moved into place, so a reader never sees half a report.
 */
public final class SearchReportWriter {

    private final SearchReportQueries queries;
    private final Path dir;

    public SearchReportWriter(DataSource dataSource, Path dir) {
        this(dataSource, dir, Clock.systemUTC());
    }

    SearchReportWriter(DataSource dataSource, Path dir, Clock clock) {
        this.queries = new SearchReportQueries(dataSource, clock);
        this.dir = dir;
    }

    /** The report's file for {@code search}; characters other than letters, digits, '.', '_' and '-' become '_'. */
    public Path pathOf(String search) {
        String safe = search.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".")) {
            safe = "_" + safe;
        }
        return dir.resolve(safe + ".html");
    }

    /** The report of {@code search} as HTML; fails naming the search when it is not stored. */
    public String render(String search) {
        return HtmlReportRenderer.render(queries.load(search));
    }

    /**
     * Writes the report of {@code search} and returns its path.
     *
     * @throws IllegalArgumentException when no such search is stored
     * @throws UncheckedIOException     when the folder cannot be written
     */
    public Path write(String search) {
        String html = render(search);
        Path target = pathOf(search).toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.writeString(temp, html, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the report of search '" + search + "' to " + target
                    + ": " + e.getMessage() + ". Make the folder writable or set tunebatch.report.dir to one that is.",
                    e);
        }
        return target;
    }
}
