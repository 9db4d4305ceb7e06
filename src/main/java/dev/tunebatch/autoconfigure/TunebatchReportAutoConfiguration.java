package dev.tunebatch.autoconfigure;

import dev.tunebatch.report.ReportConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Import;

/**
 * The HTML report of a search ({@code report <search>}, and after every run unless
 * {@code tunebatch.report.on-search-end=false}) in {@code tunebatch.report.dir}. Off with
 * {@code tunebatch.report.enabled=false}.
 */
@AutoConfiguration(after = TunebatchEngineAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "tunebatch.report.enabled", matchIfMissing = true)
@Import(ReportConfiguration.class)
public class TunebatchReportAutoConfiguration {
}
