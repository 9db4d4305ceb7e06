package dev.tunebatch.oracle;

/** Aborts a search after too many FAILED trials in a row; carries the last failure's message and cause. */
public class ConsecutiveFailuresException extends RuntimeException {

    private final int limit;

    public ConsecutiveFailuresException(int limit, String lastMessage) {
        super("Number of consecutive failures exceeded the limit of " + limit + ".\n"
                + (lastMessage == null ? "" : lastMessage));
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
