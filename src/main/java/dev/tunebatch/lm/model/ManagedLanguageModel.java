package dev.tunebatch.lm.model;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.usage.CallContext;
import dev.tunebatch.lm.usage.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A language model over a {@link ChatTransport}, owning everything the client library must not: the response cache
 * (a resumed trial does not pay twice), the endpoint's JVM-wide concurrency limit, retries with exponential backoff
 * that honour {@code Retry-After}, validation of structured output against the schema, and token and cost accounting
 * into the caller's counters and the cost ledger. Each call runs on a virtual thread.
 */
public final class ManagedLanguageModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedLanguageModel.class);
    private static final ExecutorService CALLS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tunebatch-lm-", 0).factory());

    /** How the model waits between attempts (replaceable in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String model;
    private final String endpoint;
    private final ChatTransport transport;
    private final ConcurrencyLimit limit;
    private final RetryPolicy retry;
    private final ResponseCache cache;
    private final CostLedger ledger;
    private final PriceTable prices;
    private final Sleeper sleeper;

    private ManagedLanguageModel(Builder b) {
        this.model = b.model;
        this.endpoint = b.endpoint;
        this.transport = b.transport;
        this.limit = b.limit != null ? b.limit : new ConcurrencyLimit(b.endpoint, Integer.MAX_VALUE / 2);
        this.retry = b.retry;
        this.cache = b.cache;
        this.ledger = b.ledger;
        this.prices = b.prices;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this model's settings, to derive another model on the same endpoint. */
    public Builder toBuilder() {
        return new Builder().model(model).endpoint(endpoint).transport(transport).concurrencyLimit(limit)
                .retry(retry).cache(cache).ledger(ledger).prices(prices).sleeper(sleeper);
    }

    @Override
    public String model() {
        return model;
    }

    /** The endpoint's name. */
    public String endpoint() {
        return endpoint;
    }

    /** The endpoint's concurrency limit. */
    public ConcurrencyLimit concurrencyLimit() {
        return limit;
    }

    @Override
    public CompletionStage<LmResult> generate(LmPrompt prompt, CallContext context) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(context, "context");
        return CompletableFuture.supplyAsync(() -> call(prompt, context), CALLS);
    }

    private LmResult call(LmPrompt prompt, CallContext context) {
        long start = System.nanoTime();
        LmRequest request = new LmRequest(model, prompt);
        String key = cache == ResponseCache.NONE ? null : request.cacheKey();
        if (key != null) {
            Optional<Completion> hit = lookup(key);
            if (hit.isPresent()) {
                JsonNode json = prompt.outputSchema() == null ? null : parseValid(hit.get(), prompt.outputSchema());
                if (prompt.outputSchema() == null || json != null) {
                    return account(context, new LmResult(hit.get().content(), json, hit.get().usage(), 0, true, 0,
                            Duration.ofNanos(System.nanoTime() - start), null));
                }
            }
        }
        TokenUsage paid = TokenUsage.NONE;
        TransportException last = null;
        int attempt = 0;
        while (attempt < retry.maxAttempts()) {
            attempt++;
            Completion completion;
            try {
                completion = send(request);
            } catch (TransportException e) {
                last = e;
                if (e.partial() != null) {
                    paid = paid.plus(e.partial().usage());
                }
                if (!e.retryable() || attempt == retry.maxAttempts() || !pause(attempt, e)) {
                    break;
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = new TransportException(TransportException.Kind.IO, 0, null, "interrupted", e);
                break;
            }
            paid = paid.plus(completion.usage());
            JsonNode json = null;
            if (prompt.outputSchema() != null) {
                try {
                    json = parseOrThrow(completion, prompt.outputSchema());
                } catch (TransportException invalid) {
                    last = invalid;
                    if (attempt == retry.maxAttempts() || !pause(attempt, invalid)) {
                        break;
                    }
                    continue;
                }
            }
            if (key != null) {
                store(key, request, completion);
            }
            return account(context, new LmResult(completion.content(), json, paid, prices.cost(model, paid), false,
                    attempt, Duration.ofNanos(System.nanoTime() - start), null));
        }
        String why = last == null ? "no attempt was made" : describe(last);
        LOG.warn("All retries failed for model '{}' on endpoint '{}' after {} attempt(s): {}", model, endpoint,
                attempt, why);
        return account(context, new LmResult(null, null, paid, prices.cost(model, paid), false, attempt,
                Duration.ofNanos(System.nanoTime() - start), why));
    }

    private Completion send(LmRequest request) throws TransportException, InterruptedException {
        limit.acquire();
        try {
            return transport.send(request);
        } catch (RuntimeException unexpected) {
            throw new TransportException(TransportException.Kind.IO, 0, null,
                    unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage(), unexpected);
        } finally {
            limit.release();
        }
    }

    private boolean pause(int failedAttempt, TransportException failure) {
        Duration wait = retry.delay(failedAttempt, failure);
        LOG.debug("Attempt {} for model '{}' on endpoint '{}' failed ({}); retrying in {} ms", failedAttempt, model,
                endpoint, describe(failure), wait.toMillis());
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<Completion> lookup(String key) {
        try {
            return cache.get(key);
        } catch (RuntimeException e) {
            LOG.warn("Response cache lookup failed; calling the model instead: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void store(String key, LmRequest request, Completion completion) {
        try {
            cache.put(key, request, completion);
        } catch (RuntimeException e) {
            LOG.warn("Response cache write failed; the answer is used but not kept: {}", e.getMessage());
        }
    }

    private static JsonNode parseValid(Completion completion, DataSchema schema) {
        try {
            return parseOrThrow(completion, schema);
        } catch (TransportException e) {
            return null;
        }
    }

    private static JsonNode parseOrThrow(Completion completion, DataSchema schema) throws TransportException {
        String text = completion.content();
        if (text == null || text.isBlank()) {
            throw TransportException.malformed("the answer is empty; a JSON object following schema '"
                    + schema.title() + "' was expected", completion);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(stripFence(text));
        } catch (JacksonException e) {
            throw TransportException.malformed("the answer is not JSON (" + e.getOriginalMessage() + ")", completion);
        }
        List<String> violations = schema.violations(json);
        if (!violations.isEmpty()) {
            throw TransportException.malformed("the answer does not follow schema '" + schema.title() + "': "
                    + String.join("; ", violations), completion);
        }
        return json;
    }

    /** Some servers wrap JSON in a Markdown fence even in JSON mode. */
    private static String stripFence(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            int firstLine = t.indexOf('\n');
            int close = t.lastIndexOf("```");
            if (firstLine > 0 && close > firstLine) {
                return t.substring(firstLine + 1, close).strip();
            }
        }
        return t;
    }

    private static String describe(TransportException e) {
        return e.kind() + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "") + ": " + e.getMessage();
    }

    private LmResult account(CallContext context, LmResult result) {
        CallRecord record = new CallRecord(result.usage().inputTokens(), result.usage().outputTokens(),
                result.cost(), result.latency().toNanos(), result.failed(), result.cached(), result.failedAttempts());
        context.tracker().record(context.phase(), record);
        try {
            ledger.record(new LedgerEntry(context.account(), context.phase(), model, endpoint,
                    result.usage().inputTokens(), result.usage().outputTokens(), result.cost(), result.cached(),
                    result.failed(), result.attempts(), result.latency().toMillis()));
        } catch (RuntimeException e) {
            LOG.warn("Cost ledger write failed for model '{}': {}", model, e.getMessage());
        }
        return result;
    }

    @Override
    public String toString() {
        return "ManagedLanguageModel[" + model + " @ " + endpoint + "]";
    }

    /** Builds a {@link ManagedLanguageModel}; only the model and the transport are required. */
    public static final class Builder {
        private String model;
        private String endpoint = "default";
        private ChatTransport transport;
        private ConcurrencyLimit limit;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private ResponseCache cache = ResponseCache.NONE;
        private CostLedger ledger = CostLedger.NONE;
        private PriceTable prices = PriceTable.FREE;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder() {
        }

        /** The model name as the server knows it. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The endpoint's name (ledger, logs, errors). */
        public Builder endpoint(String endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        public Builder transport(ChatTransport transport) {
            this.transport = transport;
            return this;
        }

        /** The endpoint's limit, usually {@link ConcurrencyLimit#shared(String, int)}. */
        public Builder concurrencyLimit(ConcurrencyLimit limit) {
            this.limit = limit;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder cache(ResponseCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        public Builder ledger(CostLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public ManagedLanguageModel build() {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model: a language model needs a model name, e.g. "
                        + ".model(\"qwen2.5:7b\").");
            }
            if (transport == null) {
                throw new IllegalArgumentException("transport: language model '" + model + "' has no transport; "
                        + "pass SpringAiChatTransport.openAiCompatible(...) or .ollama(...).");
            }
            return new ManagedLanguageModel(this);
        }
    }
}
