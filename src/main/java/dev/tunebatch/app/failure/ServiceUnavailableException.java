package dev.tunebatch.app.failure;

import dev.tunebatch.batch.launch.ExitCodes;

/**
 * A service tunebatch needs (the database, an LM endpoint) cannot be reached. The message is one line naming the
 * service, the reason and the fix; the process exits with {@link ExitCodes#UNAVAILABLE} and nothing stored changes.
 */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
