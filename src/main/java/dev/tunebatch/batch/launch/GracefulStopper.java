package dev.tunebatch.batch.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * On shutdown (SIGTERM, context close), stops running searches at their trials' next epoch boundary and waits for the
 * jobs to end STOPPED while the database is still open — before the context destroys the {@code DataSource}, which a
 * bare JVM shutdown hook would race.
 */
public final class GracefulStopper implements SmartLifecycle {

    /**
     * The phase of the lifecycles that stop running work on shutdown (searches, a worker's trials): stopped early, so
     * that the work ends while the database and the rest of the context are still up.
     */
    static final int SHUTDOWN_PHASE = Integer.MAX_VALUE - 1000;

    private static final Logger log = LoggerFactory.getLogger(GracefulStopper.class);

    private final SearchLauncher launcher;
    private final Duration timeout;
    private volatile boolean running;

    public GracefulStopper(SearchLauncher launcher, Duration timeout) {
        this.launcher = launcher;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (launcher.isRunning()) {
            log.warn("Shutting down: stopping running searches at the next epoch boundary (up to {}).", timeout);
            if (!launcher.stopAll(timeout)) {
                log.warn("Searches did not stop within {}; the next run recovers them.", timeout);
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SHUTDOWN_PHASE;
    }
}
