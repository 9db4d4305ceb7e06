package dev.tunebatch.report;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Where reports go: {@code <dir>/<search>.html}, and {@code <dir>/index.html} listing every search; and whether they
 * are written at the end of every run (see {@link ReportConfiguration}). Bound at start-up, so a value that is not a
 * boolean stops the application.
 *
 * @param dir         The folder of the reports: one HTML page per search and index.html listing them all (a relative
 *                    path is resolved against the working directory).
 * @param onSearchEnd Write the search's report and the index whenever a run ends.
 */
@ConfigurationProperties("tunebatch.report")
public record ReportProperties(@DefaultValue(".tunebatch/reports") Path dir,
                               @DefaultValue("true") boolean onSearchEnd) {
}
