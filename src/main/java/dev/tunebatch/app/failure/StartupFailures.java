package dev.tunebatch.app.failure;

import dev.tunebatch.batch.launch.ExitCodes;
import org.springframework.boot.context.properties.bind.BindException;

/** Maps a failure to start (or to run a command) to the process exit code of {@link ExitCodes}. */
public final class StartupFailures {

    private StartupFailures() {
    }

    /**
     * {@link ExitCodes#USAGE} for a bad command line, {@link ExitCodes#CONFIG} for bad settings,
     * {@link ExitCodes#UNAVAILABLE} for unreachable services, else 1.
     */
    public static int exitCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UsageException) {
                return ExitCodes.USAGE;
            }
            if (t instanceof InvalidSettingException || t instanceof BindException) {
                return ExitCodes.CONFIG;
            }
            if (t instanceof ServiceUnavailableException) {
                return ExitCodes.UNAVAILABLE;
            }
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The first cause of {@code failure} of type {@code type}, or {@code null}. */
    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
