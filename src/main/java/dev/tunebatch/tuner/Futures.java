package dev.tunebatch.tuner;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Waiting on asynchronous results and unwrapping the real error out of the future's wrappers. */
final class Futures {

    private Futures() {
    }

    /** Waits for a stage; rethrows the original cause, not the future's wrapper. */
    static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    /** Runs a callable inside a supplier, wrapping checked exceptions so that {@link #await} can unwrap them. */
    static <T> T call(Callable<T> c) {
        try {
            return c.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** The innermost cause that is not a {@link CompletionException} or {@link ExecutionException}. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Exception rethrowable(Throwable t) {
        Throwable real = unwrap(t);
        if (real instanceof Exception e) {
            return e;
        }
        if (real instanceof Error err) {
            throw err;
        }
        return new RuntimeException(real);
    }
}
