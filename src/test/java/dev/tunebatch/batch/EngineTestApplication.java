package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.testing.TestDatabase;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** A minimal application context for engine tests: Boot's batch and JDBC auto-configuration plus our engine. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BatchEngineConfiguration.class)
public class EngineTestApplication {

    /** The engine (no command line) on {@code db}, started in this JVM outside a Spring test. */
    public static ConfigurableApplicationContext start(HikariDataSource db) {
        return new SpringApplicationBuilder(EngineTestApplication.class).properties(TestDatabase.springProperties(db))
                .properties("tunebatch.cli.enabled=false", "spring.main.banner-mode=off", "logging.level.root=WARN")
                .run();
    }
}
