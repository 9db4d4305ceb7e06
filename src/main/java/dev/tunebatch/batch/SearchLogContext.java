package dev.tunebatch.batch;

import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The search and trial ids in SLF4J's MDC (keys {@value #SEARCH} and {@value #TRIAL}), so every log line written while
 * a search or a trial runs names them (see {@code logging.pattern.level} in the engine's defaults,
 * {@code tunebatch-defaults.properties}). The MDC is per thread: {@link #propagating(ExecutorService)} carries the
 * submitter's ids into the tasks of an executor.
 */
public final class SearchLogContext {

    /** MDC key of the search's name. */
    public static final String SEARCH = "search";
    /** MDC key of the trial's id. */
    public static final String TRIAL = "trial";

    private SearchLogContext() {
    }

    /** Puts {@code search} into the MDC until the returned scope closes. */
    public static Scope search(String search) {
        return put(SEARCH, search);
    }

    /** Puts {@code trialId} into the MDC until the returned scope closes. */
    public static Scope trial(String trialId) {
        return put(TRIAL, trialId);
    }

    private static Scope put(String key, String value) {
        String previous = MDC.get(key);
        MDC.put(key, value);
        return () -> {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        };
    }

    /** An executor whose tasks run with the MDC of the thread that submitted them. */
    public static ExecutorService propagating(ExecutorService delegate) {
        return new MdcExecutor(delegate);
    }

    /** Restores the MDC as it was; closing twice is harmless. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final class MdcExecutor extends AbstractExecutorService {

        private final ExecutorService delegate;

        MdcExecutor(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            Map<String, String> submitter = MDC.getCopyOfContextMap();
            delegate.execute(() -> {
                Map<String, String> own = MDC.getCopyOfContextMap();
                setContext(submitter);
                try {
                    task.run();
                } finally {
                    setContext(own);
                }
            });
        }

        private static void setContext(Map<String, String> context) {
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
