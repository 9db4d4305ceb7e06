package dev.tunebatch.store;

/** A store could not read or write the search's state; the message names the location and the cause. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
