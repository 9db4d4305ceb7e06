package dev.tunebatch.app.demo;

/** A labelled dataset file cannot be used; the message names the file, the line when there is one, and the fix. */
public final class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
