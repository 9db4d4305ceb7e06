package dev.tunebatch.observability;

import io.micrometer.core.instrument.push.PushMeterRegistry;
import org.springframework.context.SmartLifecycle;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes the meters one last time when the application closes, so that a short-lived process (a CronJob pod that
 * lives minutes, never scraped) still delivers them: closing a {@link PushMeterRegistry} (the OTLP registry) publishes
 * what it holds. It runs as the last lifecycle to stop — after the graceful stop has ended the running searches and
 * recorded their trials, and while the database the gauges read is still open (data sources close later, when the
 * beans are destroyed). Both exits close the context first: the command line's {@code SpringApplication.exit} and
 * the shutdown hook on SIGTERM. A SIGKILL or a JVM that exits on running out of memory pushes nothing.
 */
public final class MetricsFlush implements SmartLifecycle {

    private final List<PushMeterRegistry> registries;
    private final AtomicBoolean running = new AtomicBoolean();

    public MetricsFlush(List<PushMeterRegistry> registries) {
        this.registries = List.copyOf(registries);
    }

    @Override
    public void start() {
        running.set(true);
    }

    /** Publishes and closes every push registry; the context's own close of them later does nothing more. */
    @Override
    public void stop() {
        if (running.getAndSet(false)) {
            registries.forEach(PushMeterRegistry::close);
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Stops last: lifecycles stop from the highest phase to the lowest. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
