package dev.tunebatch.app;

import dev.tunebatch.app.failure.StartupFailures;
import dev.tunebatch.app.schedule.SearchSchedule;
import dev.tunebatch.batch.BatchEngineConfiguration;
import dev.tunebatch.observability.ObservabilityConfiguration;
import dev.tunebatch.report.ReportConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the tunebatch Spring Boot application. It runs one command and exits with its code, or — with
 * {@code tunebatch.schedule.cron} set — stays up running the schedule until SIGTERM. A failure to start (a bad
 * setting, an unreachable database) has already been printed as one line; it exits with 78 or 69 (see
 * {@link StartupFailures}).
 */
@SpringBootApplication
@Import({BatchEngineConfiguration.class, ObservabilityConfiguration.class, ReportConfiguration.class})
public class TunebatchApplication {
    public static void main(String[] args) {
        ConfigurableApplicationContext context;
        try {
            context = SpringApplication.run(TunebatchApplication.class, args);
        } catch (Throwable failure) {
            System.exit(StartupFailures.exitCode(failure));
            return;
        }
        if (context.getBeanProvider(SearchSchedule.class).getIfAvailable() != null) {
            return;
        }
        System.exit(SpringApplication.exit(context));
    }
}
