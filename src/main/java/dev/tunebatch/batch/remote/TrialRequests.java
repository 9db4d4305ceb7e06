package dev.tunebatch.batch.remote;

import org.springframework.messaging.Message;

/**
 * The transport between a manager and its workers: named groups of messages, each message taken by exactly one
 * receiver. Two kinds of groups: a search's trial requests (spring-batch-integration {@code StepExecutionRequest}s,
 * taken by any worker whose application defines the search) and a manager job execution's step ends (the ids of step
 * executions a worker finished). The default, {@link JdbcTrialRequests}, keeps them in PostgreSQL; an application
 * with a broker declares a bean of this type instead (e.g. on Spring Integration's AMQP or Kafka channel adapters).
 * Only the requests travel here: the step executions themselves — status, checkpoints, results — are always in the
 * shared job repository.
 */
public interface TrialRequests extends AutoCloseable {

    /** The group of trial requests of {@code search}. */
    static String requestsOf(String search) {
        return "tunebatch.trials." + search;
    }

    /** The group of step ends of a manager's job execution. */
    static String endsOf(long jobExecutionId) {
        return "tunebatch.ended." + jobExecutionId;
    }

    /**
     * Puts {@code payload} at the end of {@code group}; when the caller has a database transaction and the transport
     * can, the message is sent only if that transaction commits.
     */
    void send(String group, Object payload);

    /**
     * Takes the oldest message of {@code group}, or null when there is none; when the caller has a database
     * transaction and the transport can, the message is taken only if that transaction commits.
     */
    Message<?> poll(String group);

    /**
     * Calls {@code onMessage} whenever a message may have arrived in {@code group} (also, now and then, when none
     * did), until the returned handle is closed; a transport that cannot notify never calls it (receivers then poll
     * once a second).
     */
    AutoCloseable listen(String group, Runnable onMessage);

    /**
     * Drops every message left in {@code group}: the ends of a job execution no manager waits for any more. By
     * default they are taken one by one; a transport with a cheaper way (a delete, a queue purge) overrides this.
     */
    default void discard(String group) {
        while (poll(group) != null) {
            // each message taken is dropped
        }
    }

    @Override
    void close();
}
