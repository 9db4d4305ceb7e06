package dev.tunebatch.autoconfigure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The settings the engine needs from Spring Batch and Flyway, and its console ({@value #RESOURCE}): the migrations
 * create Spring Batch's tables, no job runs at start-up, job creation uses read-committed isolation, log lines name the
 * search and trial, a failure or logged exception is one line. They have the lowest precedence, so the application's
 * own properties override each of them.
 */
public final class TunebatchDefaults implements EnvironmentPostProcessor {

    /** The class-path resource of the defaults. */
    static final String RESOURCE = "dev/tunebatch/autoconfigure/tunebatch-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new PropertiesPropertySource("tunebatchDefaults",
                    PropertiesLoaderUtils.loadProperties(new ClassPathResource(RESOURCE))));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE + " from the tunebatch jar", e);
        }
    }
}
