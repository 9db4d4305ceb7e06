package dev.tunebatch.lm.model;

import dev.tunebatch.lm.usage.CallContext;

import java.util.concurrent.CompletionStage;

/**
 * A language model as LM programs see it: a model name and an asynchronous call. Retries, the endpoint's concurrency
 * limit, the response cache and cost accounting happen behind it ({@link ManagedLanguageModel}), never in the client
 * library.
 */
public interface LanguageModel {

    /** The model name as the server knows it. */
    String model();

    /**
     * Asks the model. The stage never completes exceptionally for a server failure: a call that fails after all
     * retries yields a result whose {@link LmResult#failed()} is true.
     *
     * @param prompt  messages, output schema and sampling parameters
     * @param context the calling program's counters, phase and ledger account
     */
    CompletionStage<LmResult> generate(LmPrompt prompt, CallContext context);
}
