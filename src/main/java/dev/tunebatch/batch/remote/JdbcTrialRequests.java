package dev.tunebatch.batch.remote;

import org.postgresql.jdbc.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.jdbc.channel.PgConnectionSupplier;
import org.springframework.integration.jdbc.channel.PostgresChannelMessageTableSubscriber;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

import javax.sql.DataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The channels between a manager and its workers kept in PostgreSQL (the default {@link TrialRequests}): Spring
 * Integration's JDBC channel message store holds the messages (a poll removes one with {@code FOR UPDATE SKIP LOCKED}, so each is taken exactly once, in the
 * caller's transaction), and LISTEN/NOTIFY wakes the listeners of a group as soon as a message is committed. Two kinds
 * of groups: the requests of a search ({@link StepExecutionRequest}s, taken by any worker whose application defines
 * the search) and the step ends of a manager's job execution (the ids of step executions a worker finished).
 */
public final class JdbcTrialRequests implements TrialRequests {

    /** The message store's region of every tunebatch channel. */
    public static final String REGION = "tunebatch";

    private static final Logger log = LoggerFactory.getLogger(JdbcTrialRequests.class);
    private static final Duration LISTEN_RETRY = Duration.ofSeconds(1);

    private final JdbcChannelMessageStore store;
    private final PostgresChannelMessageTableSubscriber subscriber;

    /**
     * Channels in the database of {@code dataSource}; {@code listenUrl}, {@code user} and {@code password} open the
     * one unpooled connection that LISTENs (null {@code listenUrl}: no notifications, listeners poll).
     */
    public JdbcTrialRequests(DataSource dataSource, String listenUrl, String user, String password) {
        store = new JdbcChannelMessageStore(dataSource);
        store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
        store.setRegion(REGION);
        store.addAllowedPatterns("org.springframework.messaging.*", "org.springframework.integration.*",
                StepExecutionRequest.class.getName(), "java.lang.*", "java.util.*");
        store.afterPropertiesSet();
        if (listenUrl == null) {
            subscriber = null;
            return;
        }
        subscriber = new PostgresChannelMessageTableSubscriber(listenConnections(listenUrl, user, password));
        subscriber.setNotificationTimeout(Duration.ofSeconds(5));
        subscriber.start();
    }

    /**
     * Opens the LISTEN connection; while the database is away, an attempt waits a second before it fails, since the
     * subscriber tries again at once.
     */
    private static PgConnectionSupplier listenConnections(String url, String user, String password) {
        return () -> {
            try {
                return DriverManager.getConnection(url, user, password).unwrap(PgConnection.class);
            } catch (SQLException e) {
                try {
                    Thread.sleep(LISTEN_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
        };
    }

    @Override
    public void send(String group, Object payload) {
        store.addMessageToGroup(group, MessageBuilder.withPayload(payload).build());
    }

    @Override
    public Message<?> poll(String group) {
        return store.pollMessageFromGroup(group);
    }

    /** Deletes the group's rows in one statement (in the caller's transaction, if any). */
    @Override
    public void discard(String group) {
        store.removeMessageGroup(group);
    }

    @Override
    public AutoCloseable listen(String group, Runnable onMessage) {
        if (subscriber == null) {
            return () -> { };
        }
        PostgresChannelMessageTableSubscriber.Subscription subscription =
                new PostgresChannelMessageTableSubscriber.Subscription() {
                    @Override
                    public void notifyUpdate() {
                        onMessage.run();
                    }

                    @Override
                    public String getRegion() {
                        return REGION;
                    }

                    @Override
                    public Object getGroupId() {
                        return group;
                    }
                };
        subscriber.subscribe(subscription);
        return () -> subscriber.unsubscribe(subscription);
    }

    @Override
    public void close() {
        if (subscriber != null) {
            try {
                subscriber.stop();
            } catch (RuntimeException e) {
                log.debug("Stopping the LISTEN connection failed: {}", e.toString());
            }
        }
    }
}
