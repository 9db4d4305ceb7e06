package dev.tunebatch.app;

import org.springframework.boot.SpringApplication;
import dev.tunebatch.batch.BatchEngineConfiguration;
import dev.tunebatch.observability.ObservabilityConfiguration;
import dev.tunebatch.report.ReportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Entry point of the tunebatch Spring Boot application. */
@SpringBootApplication
@Import({BatchEngineConfiguration.class, ObservabilityConfiguration.class, ReportConfiguration.class})
public class TunebatchApplication {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(TunebatchApplication.class, args)));
    }
}
