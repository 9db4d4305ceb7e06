package dev.tunebatch.report;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Where reports go: {@code <dir>/<search>.html}, and {@code <dir>/index.html} listing every search. Whether they are
 * written at the end of every run is {@code tunebatch.report.on-search-end} (see {@link ReportConfiguration}).
 *
 * @param dir The folder of the reports: one HTML page per search and index.html listing them all (a relative path is
 *            resolved against the working directory).
 */
@ConfigurationProperties("tunebatch.report")
public record ReportProperties(@DefaultValue(".tunebatch/reports") Path dir) {
}
