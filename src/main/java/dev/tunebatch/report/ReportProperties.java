package dev.tunebatch.report;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Where reports go, {@code <dir>/<search>.html}, and whether one is written at the end of every run (see
 * {@link ReportConfiguration}). Bound at start-up, so a value that is not a boolean stops the application.
 *
 * @param dir         the folder of the reports (property {@code tunebatch.report.dir}, default
 *                    {@code .tunebatch/reports} under the working directory)
 * @param onSearchEnd write the report whenever a run ends (property {@code tunebatch.report.on-search-end}, default
 *                    {@code true})
 */
@ConfigurationProperties("tunebatch.report")
public record ReportProperties(@DefaultValue(".tunebatch/reports") Path dir,
                               @DefaultValue("true") boolean onSearchEnd) {
}
