/**
 * Language models as the tuner's LM programs call them: the {@code LanguageModel} SPI, requests and results,
 * {@code ManagedLanguageModel} (retries honouring {@code Retry-After}, timeouts, a concurrency limit shared by all
 * trials, token and cost accounting, the response cache and the cost ledger), and {@code SpringAiChatTransport}, the
 * adapter onto Spring AI's OpenAI-compatible and Ollama clients. Depends on {@code lm.usage} and Spring AI.
 */
package dev.tunebatch.lm.model;
