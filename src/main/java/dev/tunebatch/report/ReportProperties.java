package dev.tunebatch.report;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Where reports go: {@code <dir>/<search>.html}. Whether one is written at the end of every run is
 * {@code tunebatch.report.on-search-end} (see {@link ReportConfiguration}).
 *
 * @param dir the folder of the reports (property {@code tunebatch.report.dir}, default {@code .tunebatch/reports}
 *            under the working directory)
 */
@ConfigurationProperties("tunebatch.report")
public record ReportProperties(@DefaultValue(".tunebatch/reports") Path dir) {
}
