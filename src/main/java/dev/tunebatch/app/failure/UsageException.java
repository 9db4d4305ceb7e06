package dev.tunebatch.app.failure;

import dev.tunebatch.batch.launch.ExitCodes;

/**
 * The command line is unusable: an unknown command, option or search, a missing or extra argument, a malformed option
 * value. The message is one line naming the argument, its value and the fix; the process exits with
 * {@link ExitCodes#USAGE} before anything is stored.
 */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
