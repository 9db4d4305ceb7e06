package dev.tunebatch.app.schedule;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.console.SearchCatalog;
import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.SearchLauncher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.CronExpression;

import java.time.Clock;
import java.time.format.DateTimeFormatter;

/**
 * With {@code tunebatch.schedule.cron} set, the application is a long-running service: the command line is off and
 * {@link SearchSchedule} runs {@code tunebatch.schedule.search} (default: {@code tunebatch.default-search}, or the
 * only declared search) at every tick until SIGTERM.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NotScheduledCondition.Scheduled.class)
public class ScheduleConfiguration {

    @Bean
    SearchSchedule searchSchedule(TunebatchProperties properties, SearchCatalog catalog, SearchLauncher launcher) {
        TunebatchProperties.Schedule s = properties.getSchedule();
        String name = s.getSearch() != null && !s.getSearch().isBlank() ? s.getSearch()
                : catalog.defaultSearch().orElseThrow(() -> new InvalidSettingException("tunebatch.schedule.search",
                        "", "is unset and " + (catalog.names().isEmpty() ? "no SearchDefinition bean is declared; "
                        + "declare one" : "several searches are declared (" + String.join(", ", catalog.names())
                        + "); name the one to schedule") + "."));
        SearchDefinition definition = catalog.find(name).orElseThrow();
        if (s.getTrialsPerRun() != null) {
            definition = definition.withTrialsPerRun(s.getTrialsPerRun());
        }
        return new SearchSchedule(CronExpression.parse(s.getCron()), s.zoneId(),
                DateTimeFormatter.ofPattern(s.getRunKeyPattern()), definition, launcher,
                () -> catalog.preflight(name), tick -> { }, Clock.systemDefaultZone());
    }
}
