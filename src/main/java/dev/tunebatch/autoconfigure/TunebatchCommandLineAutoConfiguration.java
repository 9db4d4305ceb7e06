package dev.tunebatch.autoconfigure;

import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.app.console.SearchCatalog;
import dev.tunebatch.app.schedule.NotScheduledCondition;
import dev.tunebatch.app.schedule.ScheduleConfiguration;
import dev.tunebatch.batch.launch.SearchLauncher;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What the application does with its {@code SearchDefinition} beans: the command line ({@code run}, {@code status},
 * {@code results}, {@code report}, {@code list}; off with {@code tunebatch.cli.enabled=false}) or, with
 * {@code tunebatch.schedule.cron} set, the schedule that runs a search at every tick until SIGTERM. Both check at
 * start-up that {@code tunebatch.default-search} (the search run when no command is given) is declared.
 */
@AutoConfiguration(after = {TunebatchEngineAutoConfiguration.class, TunebatchReportAutoConfiguration.class})
@ConditionalOnBean(SearchLauncher.class)
public class TunebatchCommandLineAutoConfiguration {

    /** One command, then exit. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "tunebatch.cli.enabled", matchIfMissing = true)
    @Conditional(NotScheduledCondition.class)
    @Import({SearchCatalog.class, TunebatchCommandLine.class})
    static class CommandLine {
    }

    /** A long-running service running the schedule. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NotScheduledCondition.Scheduled.class)
    @Import({SearchCatalog.class, ScheduleConfiguration.class})
    static class Schedule {
    }
}
