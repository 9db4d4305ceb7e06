package dev.tunebatch.lm.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tunebatch.lm.*}: the LM endpoints, their limits and retries, the price table, and whether the response
 * cache and the cost ledger use the application's database. Nothing configured means nothing is built and no network
 * is touched.
 */
@ConfigurationProperties(prefix = "tunebatch.lm")
public class LmProperties {

    /** Endpoints by name, e.g. {@code tunebatch.lm.endpoints.local.base-url=http://localhost:8000/v1}. */
    private Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    /** Prices per model name, e.g. {@code tunebatch.lm.prices.gpt-4o-mini.input-per-million=0.15}. */
    private Map<String, ModelPrice> prices = new LinkedHashMap<>();

    private final Cache cache = new Cache();
    private final Ledger ledger = new Ledger();

    public Map<String, Endpoint> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(Map<String, Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    public Map<String, ModelPrice> getPrices() {
        return prices;
    }

    public void setPrices(Map<String, ModelPrice> prices) {
        this.prices = prices;
    }

    public Cache getCache() {
        return cache;
    }

    public Ledger getLedger() {
        return ledger;
    }

    /** One server. */
    public static class Endpoint {
        /** {@code openai} (OpenAI-compatible: vLLM, llama.cpp, Ollama's /v1) or {@code ollama} (native API). */
        private String provider = "openai";
        /** The API root: {@code http://host:8000/v1} for openai, {@code http://host:11434} for ollama. */
        private String baseUrl;
        /** The API key, if the server needs one (never logged or stored). */
        private String apiKey;
        /** The most requests in flight to this endpoint at once, shared by every trial in the JVM. */
        private int maxConcurrency = 8;
        /** The longest wait for one answer. */
        private Duration timeout = Duration.ofSeconds(120);
        private final Retry retry = new Retry();

        public String getProvider() {
            return provider;
        }

        public void setProvider(String provider) {
            this.provider = provider;
        }

        public String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public int getMaxConcurrency() {
            return maxConcurrency;
        }

        public void setMaxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Retry getRetry() {
            return retry;
        }

        @Override
        public String toString() {
            return "Endpoint[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey="
                    + (apiKey == null || apiKey.isBlank() ? "none" : "(set)") + ", maxConcurrency=" + maxConcurrency
                    + ", timeout=" + timeout + "]";
        }
    }

    /** Retries of one endpoint. */
    public static class Retry {
        /** Attempts in all (1 = no retry). */
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(500);
        private double multiplier = 2.0;
        private Duration maxBackoff = Duration.ofSeconds(30);
        /** The longest wait a server's Retry-After can impose. */
        private Duration maxRetryAfter = Duration.ofMinutes(2);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }
    }

    /** The price of one model, per million tokens. */
    public static class ModelPrice {
        private double inputPerMillion;
        private double outputPerMillion;

        public double getInputPerMillion() {
            return inputPerMillion;
        }

        public void setInputPerMillion(double inputPerMillion) {
            this.inputPerMillion = inputPerMillion;
        }

        public double getOutputPerMillion() {
            return outputPerMillion;
        }

        public void setOutputPerMillion(double outputPerMillion) {
            this.outputPerMillion = outputPerMillion;
        }
    }

    /** The response cache. */
    public static class Cache {
        /** Keep answers in the database (table lm_response_cache) when one is configured. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The cost ledger. */
    public static class Ledger {
        /** Write every call to the database (table lm_cost_ledger) when one is configured. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
