package dev.tunebatch.observability;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who serves HTTP: a command starts no web server and keeps no Prometheus registry; a scheduled service exposes
 * health and Prometheus; whatever the user sets wins over both.
 */
class ServiceWebServerTest {

    private static StandardEnvironment processed(Map<String, Object> configured) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application.properties", configured));
        new ServiceWebServer().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void aCommandStartsNoWebServerAndKeepsNoPrometheusRegistry() {
        StandardEnvironment command = processed(Map.of());
        assertThat(command.getProperty("spring.main.web-application-type")).isEqualTo("none");
        assertThat(command.getProperty("management.prometheus.metrics.export.enabled")).isEqualTo("false");
        assertThat(command.getProperty("management.endpoints.web.exposure.include")).isNull();
        assertThat(processed(Map.of("tunebatch.schedule.cron", " ")).getProperty("spring.main.web-application-type"))
                .as("a blank cron is no schedule").isEqualTo("none");
    }

    @Test
    void aScheduledServiceServesHealthAndPrometheus() {
        StandardEnvironment service = processed(Map.of("tunebatch.schedule.cron", "0 0 2 * * *"));
        assertThat(service.getProperty("spring.main.web-application-type")).as("deduced from the class path").isNull();
        assertThat(service.getProperty("management.prometheus.metrics.export.enabled")).isNull();
        assertThat(service.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,prometheus");
    }

    @Test
    void whatTheUserSetsWins() {
        assertThat(processed(Map.of("spring.main.web-application-type", "servlet"))
                .getProperty("spring.main.web-application-type")).isEqualTo("servlet");
        assertThat(processed(Map.of("tunebatch.schedule.cron", "0 0 2 * * *",
                "management.endpoints.web.exposure.include", "health"))
                .getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
    }
}
