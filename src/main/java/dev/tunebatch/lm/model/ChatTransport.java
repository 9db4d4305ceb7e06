package dev.tunebatch.lm.model;

/**
 * Sends one request to one server, once: no retries, no cache, no accounting (those are
 * {@link ManagedLanguageModel}'s). Implementations translate their client's errors into {@link TransportException}
 * so that retry decisions see the HTTP status and {@code Retry-After}.
 */
@FunctionalInterface
public interface ChatTransport {

    /** Blocks until the server answers or the attempt fails. */
    Completion send(LmRequest request) throws TransportException;
}
