package dev.tunebatch.store;

/** Another live process is running the same search; nothing was changed. */
public class SearchBusyException extends RuntimeException {
    public SearchBusyException(String message) {
        super(message);
    }
}
