package dev.tunebatch.app.schedule;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.app.failure.ServiceUnavailableException;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.launch.SearchLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.support.CronExpression;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a search at every tick of a cron expression, inside a long-running service, on one non-daemon thread (which
 * keeps the JVM up). Each tick launches through {@link SearchLauncher}, whose claim is a PostgreSQL advisory lock:
 * when several replicas tick together one runs the search and the others are refused (BUSY) or find that tick's run
 * finished, so a search never runs twice at once. The run key is the tick's time formatted by a pattern
 * ({@code yyyy-MM-dd} by default), so every tick of one night continues the same job instance (a failed or stopped
 * run restarts) and the next night starts the next one. Ticks missed while a search runs are skipped.
 */
public final class SearchSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SearchSchedule.class);

    /**
     * What one tick did.
     *
     * @param tick    the tick's scheduled time
     * @param runKey  the run key it used
     * @param outcome the launch's outcome
     */
    public record Tick(ZonedDateTime tick, String runKey, LaunchOutcome outcome) {
    }

    private final CronExpression cron;
    private final ZoneId zone;
    private final DateTimeFormatter runKeyFormat;
    private final SearchDefinition definition;
    private final SearchLauncher launcher;
    private final Runnable preflight;
    private final Consumer<Tick> listener;
    private final Clock clock;
    private final Object monitor = new Object();
    private volatile boolean stopping;
    private volatile Thread thread;

    /**
     * @param preflight checks run before each launch (throwing one-line exceptions), e.g. the LM endpoint answers
     * @param listener  told about every tick after it ran (logging is done here already)
     */
    public SearchSchedule(CronExpression cron, ZoneId zone, DateTimeFormatter runKeyFormat,
                          SearchDefinition definition, SearchLauncher launcher, Runnable preflight,
                          Consumer<Tick> listener, Clock clock) {
        this.cron = Objects.requireNonNull(cron, "cron");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.runKeyFormat = Objects.requireNonNull(runKeyFormat, "runKeyFormat");
        this.definition = Objects.requireNonNull(definition, "definition");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.preflight = Objects.requireNonNull(preflight, "preflight");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The run key of a tick at {@code time}. */
    public String runKey(ZonedDateTime time) {
        return TunebatchProperties.Schedule.RUN_KEY_PREFIX + runKeyFormat.format(time.withZoneSameInstant(zone));
    }

    @Override
    public void start() {
        stopping = false;
        thread = Thread.ofPlatform().daemon(false).name("tunebatch-schedule-" + definition.name()).start(this::loop);
        log.info("Search '{}' is scheduled at '{}' ({}); next run at {}.", definition.name(), cron, zone,
                cron.next(ZonedDateTime.now(clock.withZone(zone))));
    }

    private void loop() {
        while (!stopping) {
            ZonedDateTime next = cron.next(ZonedDateTime.now(clock.withZone(zone)));
            if (next == null || !sleepUntil(next)) {
                return;
            }
            runTick(next);
        }
    }

    /** Waits until {@code time}; false when stopped meanwhile. */
    private boolean sleepUntil(ZonedDateTime time) {
        synchronized (monitor) {
            while (!stopping) {
                long millis = Duration.between(ZonedDateTime.now(clock), time).toMillis();
                if (millis <= 0) {
                    return true;
                }
                try {
                    monitor.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    private void runTick(ZonedDateTime tick) {
        String key = runKey(tick);
        LaunchOutcome outcome;
        try {
            preflight.run();
            outcome = launcher.run(definition, key);
        } catch (InvalidSettingException e) {
            outcome = new LaunchOutcome(ExitCodes.CONFIG, null, e.getMessage(), null);
        } catch (ServiceUnavailableException e) {
            outcome = new LaunchOutcome(ExitCodes.UNAVAILABLE, null, e.getMessage(), null);
        } catch (RuntimeException e) {
            outcome = new LaunchOutcome(ExitCodes.INTERNAL_ERROR, null, String.valueOf(e), null);
        }
        if (outcome.exitCode() == ExitCodes.COMPLETED) {
            log.info("Scheduled run {} of search '{}': {}", key, definition.name(), outcome.message());
        } else if (outcome.exitCode() == ExitCodes.BUSY) {
            log.info("Scheduled run {} of search '{}': another replica runs it; skipped.", key, definition.name());
        } else {
            log.warn("Scheduled run {} of search '{}' (exit {}): {} The next tick with this run key retries.", key,
                    definition.name(), outcome.exitCode(), outcome.message());
        }
        listener.accept(new Tick(tick, key, outcome));
    }

    /** Stops scheduling; a search running now is stopped by the graceful stopper, which runs after this. */
    @Override
    public void stop() {
        stopping = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    @Override
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive() && !stopping;
    }

    /** Waits at most {@code timeout} for the scheduling thread to end after {@link #stop()}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Thread t = thread;
        return t == null || t.join(timeout);
    }

    /** Stops before the graceful stopper (phase {@code Integer.MAX_VALUE - 1000}) stops the running search. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 500;
    }
}
