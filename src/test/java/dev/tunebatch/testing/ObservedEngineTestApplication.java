package dev.tunebatch.testing;

import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import dev.tunebatch.observability.ObservabilityConfiguration;
import dev.tunebatch.report.ReportConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The engine with its observers: Boot's auto-configuration (actuator included), the meters and the report. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({BatchEngineConfiguration.class, ObservabilityConfiguration.class, ReportConfiguration.class})
public class ObservedEngineTestApplication {
}
