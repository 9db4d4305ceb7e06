package dev.tunebatch.app.demo.generative;

import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.app.failure.ServiceUnavailableException;
import dev.tunebatch.lm.config.LmProperties;
import dev.tunebatch.lm.model.LmProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the generative demo's endpoint and model and checks, before a run, that the endpoint answers: it asks for
 * the endpoint's model list ({@code GET <base-url>/models}, or {@code /api/tags} for Ollama's native API). Without
 * {@code tunebatch.demo.generative.model} the first listed model is used. An endpoint that does not answer is
 * {@link ServiceUnavailableException} (exit 69); a missing or wrong setting is {@link InvalidSettingException}
 * (exit 78). Messages never include the API key.
 */
public final class EndpointProbe {

    /**
     * The endpoint and model the generative demo talks to.
     *
     * @param endpoint the key of {@code tunebatch.lm.endpoints}
     * @param model    the model name sent in requests
     */
    public record Target(String endpoint, String model) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, LmProperties.Endpoint> endpoints;
    private final String endpointSetting;
    private final String modelSetting;
    private Target resolved;

    /**
     * @param endpoints       the configured endpoints
     * @param endpointSetting {@code tunebatch.demo.generative.endpoint}, or null
     * @param modelSetting    {@code tunebatch.demo.generative.model}, or null
     */
    public EndpointProbe(Map<String, LmProperties.Endpoint> endpoints, String endpointSetting, String modelSetting) {
        this.endpoints = Map.copyOf(endpoints);
        this.endpointSetting = blankToNull(endpointSetting);
        this.modelSetting = blankToNull(modelSetting);
    }

    /** The endpoint and model, checked against the live endpoint once (and again after a failure). */
    public synchronized Target resolve() {
        if (resolved == null) {
            String name = endpointName();
            resolved = new Target(name, model(name, endpoints.get(name)));
        }
        return resolved;
    }

    private String endpointName() {
        if (endpointSetting != null) {
            if (!endpoints.containsKey(endpointSetting)) {
                throw new InvalidSettingException("tunebatch.demo.generative.endpoint", endpointSetting,
                        "no LM endpoint has this name; configured: " + endpoints.keySet() + ". Name one of them.");
            }
            return endpointSetting;
        }
        if (endpoints.size() != 1) {
            throw new InvalidSettingException("tunebatch.demo.generative.endpoint", null, "several LM endpoints are "
                    + "configured " + endpoints.keySet() + "; name the one the generative demo uses.");
        }
        return endpoints.keySet().iterator().next();
    }

    private String model(String name, LmProperties.Endpoint endpoint) {
        String base = endpoint.getBaseUrl();
        String property = "tunebatch.lm.endpoints." + name + ".base-url";
        if (base == null || base.isBlank()) {
            throw new InvalidSettingException(property, null, "give the server's address, e.g. "
                    + "http://localhost:8000/v1 (vLLM, llama.cpp, Ollama's /v1).");
        }
        boolean ollama = LmProvider.parse(endpoint.getProvider()) == LmProvider.OLLAMA;
        URI uri;
        try {
            uri = URI.create(base.replaceAll("/+$", "") + (ollama ? "/api/tags" : "/models"));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(property, base, "is not a URL; give e.g. http://localhost:8000/v1.", e);
        }
        HttpResponse<String> response = get(name, uri, endpoint);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new InvalidSettingException("tunebatch.lm.endpoints." + name + ".api-key",
                    endpoint.getApiKey() == null ? null : "(set)", "the endpoint at " + where(base)
                    + " refused the request (HTTP " + status + "); set the key the server expects.");
        }
        if (status >= 500) {
            throw new ServiceUnavailableException("LM endpoint '" + name + "' at " + where(base) + " answers HTTP "
                    + status + "; wait for the server to recover, then run the same command again. Nothing stored "
                    + "was changed.", null);
        }
        List<String> models = status / 100 == 2 ? models(response.body(), ollama) : List.of();
        if (modelSetting != null) {
            if (!models.isEmpty() && !models.contains(modelSetting)) {
                throw new InvalidSettingException("tunebatch.demo.generative.model", modelSetting, "the endpoint '"
                        + name + "' does not serve it; it serves " + models + ". Name one of them.");
            }
            return modelSetting;
        }
        if (models.isEmpty()) {
            throw new InvalidSettingException("tunebatch.demo.generative.model", null, "the endpoint '" + name
                    + "' lists no model (HTTP " + status + " from " + uri.getPath() + "); name the model to use.");
        }
        return models.get(0);
    }

    private static HttpResponse<String> get(String name, URI uri, LmProperties.Endpoint endpoint) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .timeout(min(endpoint.getTimeout(), Duration.ofSeconds(30)));
        if (endpoint.getApiKey() != null && !endpoint.getApiKey().isBlank()) {
            request.header("Authorization", "Bearer " + endpoint.getApiKey());
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServiceUnavailableException("LM endpoint '" + name + "' at " + where(uri.toString())
                    + " is unreachable (" + reason(e) + "). Start the server, or fix tunebatch.lm.endpoints." + name + ".base-url. Nothing stored "
                    + "was changed.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("Interrupted while reaching LM endpoint '" + name + "'.", e);
        }
    }

    /** Why a request failed, in words: the first message of the cause chain, or what kind of failure it was. */
    private static String reason(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        if (failure instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return failure instanceof java.net.http.HttpTimeoutException ? "timed out" : "I/O error";
    }

    private static List<String> models(String body, boolean ollama) {
        List<String> names = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(body);
            root.path(ollama ? "models" : "data").forEach(m -> {
                String id = m.path(ollama ? "name" : "id").asString("");
                if (!id.isBlank()) {
                    names.add(id);
                }
            });
        } catch (JacksonException e) {
            return List.of();
        }
        return names;
    }

    private static Duration min(Duration a, Duration b) {
        return a == null || a.compareTo(b) > 0 ? b : a;
    }

    private static String where(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
