package dev.tunebatch.report;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The report beans: the {@link SearchReportWriter} (used by the {@code report} command) and, unless
 * {@code tunebatch.report.on-search-end=false}, the observer that writes a search's report and the index of all
 * searches when a run of it ends.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportProperties.class)
public class ReportConfiguration {

    @Bean
    SearchReportWriter searchReportWriter(DataSource dataSource, ReportProperties properties) {
        return new SearchReportWriter(dataSource, properties.dir());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "tunebatch.report.on-search-end", matchIfMissing = true)
    ReportOnSearchEnd reportOnSearchEnd(SearchReportWriter writer) {
        return new ReportOnSearchEnd(writer);
    }
}
