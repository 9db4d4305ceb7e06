package dev.tunebatch.observability;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Map;

/**
 * Decides whether tunebatch serves HTTP. A command (run, status, report, ...) is a batch process that lives minutes:
 * it starts no web server and keeps no Prometheus registry (nothing could scrape it; its meters leave by OTLP push
 * instead). With {@code tunebatch.schedule.cron} set, tunebatch is a long-lived service: it starts the web server
 * ({@code server.port}, 8080 by default) and exposes {@code /actuator/health} and {@code /actuator/prometheus}.
 * These are defaults of the lowest precedence: any {@code spring.main.web-application-type},
 * {@code management.endpoints.web.exposure.include} or {@code management.prometheus.metrics.export.enabled} set
 * anywhere else wins.
 */
public final class ServiceWebServer implements EnvironmentPostProcessor, Ordered {

    /** The property whose presence makes tunebatch a service. */
    static final String SCHEDULE = "tunebatch.schedule.cron";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DefaultPropertiesPropertySource.addOrMerge(defaults(environment.getProperty(SCHEDULE)),
                environment.getPropertySources());
    }

    /** The defaults for a process whose {@value #SCHEDULE} is {@code cron} (null when unset). */
    static Map<String, Object> defaults(String cron) {
        if (cron != null && !cron.isBlank()) {
            return Map.of("management.endpoints.web.exposure.include", "health,prometheus");
        }
        return Map.of("spring.main.web-application-type", "none",
                "management.prometheus.metrics.export.enabled", "false");
    }

    /** After the configuration files are loaded, so that a schedule set in one counts. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
