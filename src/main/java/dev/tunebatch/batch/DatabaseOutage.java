package dev.tunebatch.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How the engine rides out a PostgreSQL outage (a restart, a failover, the server stopped for a while, a terminated
 * backend): a database call that fails because the connection was lost is retried, with a growing pause, until it
 * succeeds or the outage has lasted longer than {@code tolerance}; then {@link DatabaseUnavailableException} ends the
 * run, which exits 69 and is resumed by running the same command again. Only connection failures are retried; a
 * failure of the statement itself (a constraint, a bug) is not an outage and is thrown at once.
 *
 * <p>Every retried call must be safe to repeat after a rollback: the trial step's units are (each is one transaction,
 * undone in memory when it rolls back), and so are the oracle's calls (a rolled-back change leaves the stored revision
 * behind the in-memory one, so the next call reloads the oracle).
 */
public final class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
    /** SQL states of a lost or refused connection: class 08, and the server shutting down or starting up. */
    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03");
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final Duration tolerance;
    private final BooleanSupplier stopping;

    /** Rides out outages of up to {@code tolerance}, unless the run is {@code stopping} (then it gives up at once). */
    public DatabaseOutage(Duration tolerance, BooleanSupplier stopping) {
        this.tolerance = tolerance;
        this.stopping = stopping;
    }

    Duration tolerance() {
        return tolerance;
    }

    /** Whether {@code e} (or a cause) says the connection to PostgreSQL was lost or could not be opened. */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyFailureException) {
                return false;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException) {
                return true;
            }
            if (t instanceof TransactionSystemException tse && (t.getCause() instanceof SQLException
                    || tse.getApplicationException() != null && isOutage(tse.getApplicationException()))) {
                return true; // a commit or rollback that failed in the driver: the connection went away
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || OUTAGE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Runs {@code action}, repeating it while the database is out, at most for the tolerance. */
    public void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Calls {@code action}, repeating it while the database is out, at most for the tolerance.
     *
     * @throws DatabaseUnavailableException when the outage lasts longer than the tolerance
     */
    public <T> T call(String what, Supplier<T> action) {
        long outageStart = 0;
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                T result = action.get();
                if (outageStart != 0) {
                    log.warn("PostgreSQL answers again after {} s; going on ({}).",
                            Duration.ofNanos(System.nanoTime() - outageStart).toSeconds(), what);
                }
                return result;
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (outageStart == 0) {
                    outageStart = now;
                    log.warn("PostgreSQL is unreachable ({}); retrying for up to {} s, to {}.", rootMessage(e),
                            tolerance.toSeconds(), what);
                }
                Duration lasted = Duration.ofNanos(now - outageStart);
                if (lasted.compareTo(tolerance) >= 0 || stopping.getAsBoolean()) {
                    throw new DatabaseUnavailableException("PostgreSQL has been unreachable for " + lasted.toSeconds()
                            + " s (" + rootMessage(e) + ")", e);
                }
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** The first line of the innermost cause's message. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return ExitDescriptions.firstLine(String.valueOf(t.getMessage()));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while waiting for PostgreSQL", e);
        }
    }

    /** The database stayed unreachable longer than the run tolerates; nothing stored is lost, a rerun resumes. */
    public static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
