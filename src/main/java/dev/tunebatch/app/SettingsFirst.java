package dev.tunebatch.app;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.lm.config.LmProperties;
import dev.tunebatch.report.ReportProperties;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Makes start-up check everything the user gave before the database is touched: {@code spring.datasource.url} must be
 * a PostgreSQL JDBC URL (checked here, before any bean exists), and every {@code DataSource} — hence Flyway, Spring
 * Batch, the embedded PostgreSQL and every search — waits for the settings ({@code tunebatch.*}, bound and validated)
 * and the command line ({@link CommandRequest}). A bad one therefore stops the application with one line while
 * nothing has been written anywhere.
 */
@Component
public final class SettingsFirst implements BeanFactoryPostProcessor, EnvironmentAware {

    /** The beans that validate what the user gave, created before any {@code DataSource}. */
    private static final List<Class<?>> CHECKED_FIRST = List.of(TunebatchProperties.class, LmProperties.class,
            ReportProperties.class, CommandRequest.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        checkDatabaseUrl(environment.getProperty("spring.datasource.url"));
        List<String> first = CHECKED_FIRST.stream()
                .flatMap(type -> Stream.of(beanFactory.getBeanNamesForType(type, true, false))).toList();
        for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
            if (!beanFactory.containsBeanDefinition(name)) {
                continue;
            }
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            List<String> dependsOn = new ArrayList<>(definition.getDependsOn() == null ? List.of()
                    : Arrays.asList(definition.getDependsOn()));
            first.stream().filter(n -> !dependsOn.contains(n)).forEach(dependsOn::add);
            definition.setDependsOn(dependsOn.toArray(String[]::new));
        }
    }

    /**
     * Unset (or {@code embedded}) means the embedded PostgreSQL; anything else must be a URL the PostgreSQL driver
     * reads. The message never shows the URL's credentials or query.
     */
    static void checkDatabaseUrl(String url) {
        if (url == null || url.equals("embedded")) {
            return;
        }
        String fix = "give jdbc:postgresql://host:5432/database, or leave spring.datasource.url unset for the "
                + "embedded PostgreSQL in .tunebatch/.";
        if (url.isBlank()) {
            throw new InvalidSettingException("spring.datasource.url", url, "is empty; " + fix);
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidSettingException("spring.datasource.url", shown(url), "is not a PostgreSQL JDBC URL"
                    + (url.startsWith("postgres") ? " (it needs the prefix jdbc:postgresql://)" : "") + "; " + fix);
        }
        if (!readable(url)) {
            throw new InvalidSettingException("spring.datasource.url", shown(url), "is not a valid PostgreSQL JDBC "
                    + "URL (host, port or database cannot be read); " + fix);
        }
    }

    /** Whether the PostgreSQL driver reads {@code url}; its own warning, which prints the whole URL, is silenced. */
    private static boolean readable(String url) {
        Logger driver = Logger.getLogger("org.postgresql");
        Level level = driver.getLevel();
        driver.setLevel(Level.OFF);
        try {
            return org.postgresql.Driver.parseURL(url, new Properties()) != null;
        } finally {
            driver.setLevel(level);
        }
    }

    /** The URL without user information and query, which may hold a password. */
    private static String shown(String url) {
        int q = url.indexOf('?');
        String noQuery = q < 0 ? url : url.substring(0, q);
        return noQuery.replaceFirst("//[^/@]*@", "//");
    }
}
