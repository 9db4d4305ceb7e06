package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.program.AsyncHyperModel;
import dev.tunebatch.program.HyperModel;
import dev.tunebatch.program.Program;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Calls a synchronous or asynchronous hypermodel and always yields a concrete program (never a pending one). */
final class HypermodelRunner {

    private final HyperModel sync;
    private final AsyncHyperModel async;

    HypermodelRunner(HyperModel sync, AsyncHyperModel async) {
        if ((sync == null) == (async == null)) {
            throw new IllegalArgumentException("hypermodel: pass exactly one of hypermodel(hp -> program) or "
                    + "asyncHypermodel(hp -> CompletionStage<Program>).");
        }
        this.sync = sync;
        this.async = async;
    }

    /** Builds on the calling thread and waits for an asynchronous result. */
    Program buildNow(HyperParameters hp) throws Exception {
        return Futures.await(build(hp, Runnable::run));
    }

    /** Builds on {@code executor}. */
    CompletableFuture<Program> build(HyperParameters hp, Executor executor) {
        if (sync != null) {
            return CompletableFuture.supplyAsync(() -> Futures.call(() -> sync.build(hp)), executor);
        }
        return CompletableFuture.supplyAsync(() -> Futures.call(() -> async.build(hp)), executor)
                .thenCompose(stage -> stage == null ? CompletableFuture.completedFuture(null)
                        : ((CompletionStage<? extends Program>) stage).thenApply(p -> (Program) p));
    }
}
