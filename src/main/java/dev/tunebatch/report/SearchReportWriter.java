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
 * importance, the trials table and LM cost — built from SQL, to {@code <dir>/<search>.html}, and the index of all
 * stored searches, {@code <dir>/index.html}, which links their reports. Each file is written under a temporary name
 * and moved into place, so a reader never sees half a page.
 */
public final class SearchReportWriter {

    /** The index page's file name in the reports' folder. */
    public static final String INDEX = "index.html";

    private final SearchReportQueries queries;
    private final SearchIndexQueries indexQueries;
    private final Path dir;

    public SearchReportWriter(DataSource dataSource, Path dir) {
        this(dataSource, dir, Clock.systemUTC());
    }

    SearchReportWriter(DataSource dataSource, Path dir, Clock clock) {
        this.queries = new SearchReportQueries(dataSource, clock);
        this.indexQueries = new SearchIndexQueries(dataSource, clock);
        this.dir = dir;
    }

    /**
     * The report's file for {@code search}; characters other than letters, digits, '.', '_' and '-' become '_', and a
     * name that would be a hidden file or the index page gets a leading '_'.
     */
    public Path pathOf(String search) {
        String safe = search.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty() || safe.startsWith(".") || (safe + ".html").equalsIgnoreCase(INDEX)) {
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
        return writeAtomically(pathOf(search).toAbsolutePath(), render(search),
                "the report of search '" + search + "'");
    }

    /** The index page's file. */
    public Path indexPath() {
        return dir.resolve(INDEX);
    }

    /**
     * Writes the index of every stored search (status of its latest run, best score, trials, last run), linking the
     * reports that exist in the folder now, and returns its path.
     *
     * @throws UncheckedIOException when the folder cannot be written
     */
    public Path writeIndex() {
        SearchIndex index = indexQueries.load();
        return writeAtomically(indexPath().toAbsolutePath(), SearchIndexRenderer.render(index, this::reportHref),
                "the index of the searches");
    }

    /**
     * Writes the report of every stored search, then the index linking them, and returns the index's path.
     *
     * @throws UncheckedIOException when the folder cannot be written
     */
    public Path writeAll() {
        indexQueries.load().searches().forEach(entry -> write(entry.search()));
        return writeIndex();
    }

    /** The link from the index to the report of {@code search}, or null when it has not been written. */
    private String reportHref(String search) {
        Path report = pathOf(search);
        return Files.isRegularFile(report) ? report.getFileName().toString() : null;
    }

    private static Path writeAtomically(Path target, String html, String what) {
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
            throw new UncheckedIOException("Could not write " + what + " to " + target + ": " + e.getMessage()
                    + ". Make the folder writable or set tunebatch.report.dir to one that is.", e);
        }
        return target;
    }
}
