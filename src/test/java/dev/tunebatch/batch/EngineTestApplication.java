package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A minimal application context for engine tests: Boot's batch and JDBC auto-configuration plus our engine. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BatchEngineConfiguration.class)
public class EngineTestApplication {
}
