package dev.tunebatch.app;

import dev.tunebatch.app.demo.DemoSearchConfiguration;
import dev.tunebatch.app.demo.generative.GenerativeDemoConfiguration;
import dev.tunebatch.app.failure.StartupFailures;
import dev.tunebatch.app.schedule.SearchSchedule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The example application, built on the tunebatch starter like any other: the starter's auto-configuration brings
 * the engine, the command line, the schedule, the report and the meters; this application adds the demo searches
 * and its console settings ({@value #SETTINGS}, overridden by any other setting). It runs one command and exits with
 * its code, or — with {@code tunebatch.schedule.cron} set — stays up running the schedule until SIGTERM. A failure
 * to start (a bad setting, an unreachable database) has already been printed as one line; it exits with 78 or 69
 * (see {@link StartupFailures}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({DemoSearchConfiguration.class, GenerativeDemoConfiguration.class})
public class TunebatchApplication {

    /** The example application's own settings, on the class path. */
    static final String SETTINGS = "tunebatch-demo.properties";

    public static void main(String[] args) {
        ConfigurableApplicationContext context;
        try {
            SpringApplication application = new SpringApplication(TunebatchApplication.class);
            application.setDefaultProperties(settings());
            context = application.run(args);
        } catch (Throwable failure) {
            System.exit(StartupFailures.exitCode(failure));
            return;
        }
        if (context.getBeanProvider(SearchSchedule.class).getIfAvailable() != null) {
            return;
        }
        System.exit(SpringApplication.exit(context));
    }

    private static Properties settings() {
        try {
            return PropertiesLoaderUtils.loadProperties(new ClassPathResource(SETTINGS));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + SETTINGS + " from the class path", e);
        }
    }
}
