package dev.tunebatch.lm.config;

import dev.tunebatch.lm.model.ChatTransport;
import dev.tunebatch.lm.model.ConcurrencyLimit;
import dev.tunebatch.lm.model.CostLedger;
import dev.tunebatch.lm.model.LmProvider;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.PriceTable;
import dev.tunebatch.lm.model.ResponseCache;
import dev.tunebatch.lm.model.RetryPolicy;
import dev.tunebatch.lm.model.SpringAiChatTransport;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The language models of the configured endpoints: {@code get("local", "qwen2.5:7b")}. A client is built the first
 * time an endpoint is asked for, so an application with endpoints it never uses opens no connection; every model of
 * an endpoint shares that endpoint's client, its JVM-wide concurrency limit, the response cache, the cost ledger and
 * the price table.
 */
public final class LanguageModels {

    private final Map<String, LmProperties.Endpoint> endpoints;
    private final Supplier<ResponseCache> cacheSource;
    private final Supplier<CostLedger> ledgerSource;
    private volatile ResponseCache cache;
    private volatile CostLedger ledger;
    private final PriceTable prices;
    private final Map<String, ChatTransport> transports = new ConcurrentHashMap<>();

    public LanguageModels(Map<String, LmProperties.Endpoint> endpoints, Supplier<ResponseCache> cache,
                          Supplier<CostLedger> ledger, PriceTable prices) {
        this.endpoints = Map.copyOf(endpoints);
        this.cacheSource = cache;
        this.ledgerSource = ledger;
        this.prices = prices;
    }

    /** The configured endpoint names. */
    public Set<String> endpoints() {
        return endpoints.keySet();
    }

    /** The price table. */
    public PriceTable prices() {
        return prices;
    }

    /** Model {@code model} on endpoint {@code endpoint}. */
    public ManagedLanguageModel get(String endpoint, String model) {
        LmProperties.Endpoint e = endpoints.get(endpoint);
        if (e == null) {
            throw new IllegalArgumentException("LM endpoint '" + endpoint + "' is not configured"
                    + (endpoints.isEmpty() ? " (none is)" : " (configured: " + endpoints.keySet() + ")")
                    + "; set tunebatch.lm.endpoints." + endpoint + ".base-url.");
        }
        LmProperties.Retry r = e.getRetry();
        return ManagedLanguageModel.builder()
                .model(model)
                .endpoint(endpoint)
                .transport(transports.computeIfAbsent(endpoint, k -> transport(k, e)))
                .concurrencyLimit(ConcurrencyLimit.shared("endpoint:" + endpoint, e.getMaxConcurrency()))
                .retry(new RetryPolicy(r.getMaxAttempts(), r.getInitialBackoff(), r.getMultiplier(),
                        r.getMaxBackoff(), r.getMaxRetryAfter()))
                .cache(cache())
                .ledger(ledger())
                .prices(prices)
                .build();
    }

    private ResponseCache cache() {
        ResponseCache c = cache;
        if (c == null) {
            c = cacheSource.get();
            cache = c;
        }
        return c;
    }

    private CostLedger ledger() {
        CostLedger l = ledger;
        if (l == null) {
            l = ledgerSource.get();
            ledger = l;
        }
        return l;
    }

    private static ChatTransport transport(String name, LmProperties.Endpoint e) {
        if (e.getBaseUrl() == null || e.getBaseUrl().isBlank()) {
            throw new IllegalArgumentException("tunebatch.lm.endpoints." + name + ".base-url is not set; give the "
                    + "server's address, e.g. http://localhost:8000/v1.");
        }
        return switch (LmProvider.parse(e.getProvider())) {
            case OPENAI -> SpringAiChatTransport.openAiCompatible(e.getBaseUrl(), e.getApiKey(), e.getTimeout(),
                    e.getMaxConcurrency());
            case OLLAMA -> SpringAiChatTransport.ollama(e.getBaseUrl(), e.getTimeout());
        };
    }
}
