package dev.tunebatch.lm.config;

import dev.tunebatch.lm.model.LmProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tunebatch.lm.*}: the LM endpoints, their limits and retries, the price table, and whether the response
 * cache and the cost ledger use the application's database. Nothing configured means nothing is built and no network
 * is touched. Every value is checked at start-up ({@link #validate}): a bad one stops the application with one line.
 */
@ConfigurationProperties(prefix = "tunebatch.lm")
public class LmProperties implements Validator {

    /** The most requests in flight one endpoint may allow. */
    public static final int MAX_CONCURRENCY = 1024;
    /** The most attempts one call may make. */
    public static final int MAX_ATTEMPTS = 100;

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

    @Override
    public boolean supports(Class<?> type) {
        return LmProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks every endpoint and price at start-up, so that a bad value stops the application with one line naming the
     * property, the value and the fix, before any search runs.
     */
    @Override
    public void validate(Object target, Errors errors) {
        LmProperties p = (LmProperties) target;
        p.endpoints.forEach((name, endpoint) -> endpoint.validate("endpoints[" + name + "].", errors));
        p.prices.forEach((model, price) -> {
            String field = "prices[" + model + "].";
            if (!(price.inputPerMillion >= 0) || Double.isInfinite(price.inputPerMillion)) {
                errors.rejectValue(field + "inputPerMillion", "price", "must be a price of 0 or more per "
                        + "million tokens, e.g. 0.15");
            }
            if (!(price.outputPerMillion >= 0) || Double.isInfinite(price.outputPerMillion)) {
                errors.rejectValue(field + "outputPerMillion", "price", "must be a price of 0 or more per "
                        + "million tokens, e.g. 0.6");
            }
        });
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

        private void validate(String field, Errors errors) {
            if (!isProvider(provider)) {
                errors.rejectValue(field + "provider", "provider", "is not a provider; give openai (any "
                        + "OpenAI-compatible server: vLLM, llama.cpp, Ollama's /v1) or ollama (Ollama's native API)");
            }
            urlProblem(baseUrl).ifPresent(problem -> errors.rejectValue(field + "baseUrl", "url", problem
                    + "; give the server's address with its scheme, e.g. http://localhost:8000/v1"));
            if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY) {
                errors.rejectValue(field + "maxConcurrency", "range", "must be from 1 to " + MAX_CONCURRENCY
                        + ", e.g. 8");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                errors.rejectValue(field + "timeout", "duration", "must be a positive duration, e.g. 120s");
            }
            retry.validate(field + "retry.", errors);
        }

        private static boolean isProvider(String provider) {
            try {
                LmProvider.parse(provider);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** Why {@code url} is not an endpoint's address, or empty when it is one. */
        static Optional<String> urlProblem(String url) {
            if (url == null || url.isBlank()) {
                return Optional.of("must be set");
            }
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                return Optional.of("is not a URL (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.of(uri.getScheme() == null || uri.getHost() == null && uri.isOpaque()
                        ? "has no http:// or https:// scheme" : "has the scheme " + scheme + ", not http or https");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return Optional.of("names no host");
            }
            return Optional.empty();
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

        private void validate(String field, Errors errors) {
            if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
                errors.rejectValue(field + "maxAttempts", "range", "must be from 1 (no retry) to " + MAX_ATTEMPTS
                        + ", e.g. 5");
            }
            if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
                errors.rejectValue(field + "multiplier", "range", "must be a number of at least 1, e.g. 2");
            }
            rejectNegative(field + "initialBackoff", initialBackoff, "500ms", errors);
            rejectNegative(field + "maxBackoff", maxBackoff, "30s", errors);
            rejectNegative(field + "maxRetryAfter", maxRetryAfter, "2m", errors);
        }

        private static void rejectNegative(String field, Duration value, String example, Errors errors) {
            if (value == null || value.isNegative()) {
                errors.rejectValue(field, "duration", "must be a duration of 0 or more, e.g. " + example);
            }
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
