package dev.tunebatch.app.failure;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connects once to the database of every Hikari {@code DataSource} as soon as it is created — before Flyway, Spring
 * Batch or a search use it — so that an unreachable server or refused credentials end start-up with one line
 * ({@link ServiceUnavailableException}, exit 69; {@link InvalidSettingException}, exit 78) rather than a pool's stack
 * trace. Never prints the password or the URL's query (which may hold one).
 */
@Component
public final class DatabaseCheck implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds && ds.getJdbcUrl() != null && !ds.isRunning()) {
            check(ds.getJdbcUrl(), ds.getUsername(), ds.getPassword());
        }
        return bean;
    }

    /** Opens and closes one connection; throws one of the two one-line exceptions when it cannot. */
    static void check(String url, String user, String password) {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "10");
        try (Connection ignored = DriverManager.getConnection(url, props)) {
            // reachable
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String where = withoutQuery(url);
            String reason = firstLine(e.getMessage());
            if (state.startsWith("28")) {
                throw new InvalidSettingException("spring.datasource.username", user, "the database at " + where
                        + " refused these credentials (" + reason + "); set spring.datasource.username and "
                        + "spring.datasource.password (or SPRING_DATASOURCE_USERNAME/_PASSWORD).", e);
            }
            if (state.equals("3D000")) {
                throw new InvalidSettingException("spring.datasource.url", where, "no such database (" + reason
                        + "); create it or name an existing one in spring.datasource.url.", e);
            }
            throw new ServiceUnavailableException("The database at " + where + " is unreachable (" + reason
                    + "). Start PostgreSQL there or fix spring.datasource.url (SPRING_DATASOURCE_URL); leave it "
                    + "unset to use the embedded PostgreSQL in .tunebatch/. Nothing stored was changed.", e);
        }
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
