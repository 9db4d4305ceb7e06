package dev.tunebatch.k8s;

import dev.tunebatch.lm.config.LmProperties;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LM endpoint of the CronJob: its URL from the ConfigMap, its API key from a Secret (never the ConfigMap), both
 * bound by Spring Boot exactly as the application binds {@code tunebatch.lm.endpoints}.
 */
class LmEndpointManifestsTest {

    private static final Bindable<Map<String, LmProperties.Endpoint>> ENDPOINTS =
            Bindable.mapOf(String.class, LmProperties.Endpoint.class);

    private final Map<String, String> config = Manifests.configMap().getData();

    @Test
    void theApiKeyComesFromTheLmSecretThroughSecretKeyRef() {
        EnvVar key = apiKeyVariable();
        assertThat(key.getValue()).as("no key written into the manifest").isNull();
        SecretKeySelector ref = key.getValueFrom().getSecretKeyRef();
        assertThat(ref).as("%s from a Secret", key.getName()).isNotNull();
        assertThat(ref.getName()).isEqualTo(Manifests.lmSecret().getMetadata().getName())
                .isNotEqualTo(Manifests.secret().getMetadata().getName());
        assertThat(Manifests.lmSecret().getStringData()).containsOnlyKeys(ref.getKey());
        assertThat(ref.getOptional()).as("a server without a key needs no Secret").isTrue();
    }

    @Test
    void theLmSecretInTheRepositoryIsAPlaceholder() {
        assertThat(Manifests.lmSecret().getData()).as("no base64 data: nothing real hides here").isNullOrEmpty();
        assertThat(Manifests.lmSecret().getStringData()).containsExactly(Map.entry("api-key", "CHANGE-ME"));
    }

    @Test
    void theApplicationBindsTheUrlFromTheConfigMapAndTheKeyFromTheSecret() {
        Map<String, LmProperties.Endpoint> endpoints = Manifests.springBinder(appEnvironment()).bind("tunebatch.lm"
                + ".endpoints", ENDPOINTS).orElseThrow(() -> new AssertionError("no LM endpoint configured"));
        assertThat(endpoints).hasSize(1);
        LmProperties.Endpoint endpoint = endpoints.values().iterator().next();
        assertThat(endpoint.getBaseUrl()).isNotBlank().isEqualTo(baseUrl());
        assertThat(endpoint.getApiKey()).as("the key the Secret holds")
                .isEqualTo(Manifests.lmSecret().getStringData().get("api-key"));
    }

    @Test
    void theConfigMapHoldsNoApiKey() {
        Map<String, LmProperties.Endpoint> fromConfigMapAlone = Manifests.springBinder(config)
                .bind("tunebatch.lm.endpoints", ENDPOINTS).orElse(Map.of());
        assertThat(fromConfigMapAlone.values()).allSatisfy(e -> assertThat(e.getApiKey()).isNull());
        assertThat(config.keySet()).as("ConfigMap keys").noneMatch(k -> k.matches("(?i).*(api_?key|token|secret).*"));
        String placeholder = Manifests.lmSecret().getStringData().get("api-key");
        assertThat(config.values()).noneMatch(v -> v.contains(placeholder));
    }

    /** The LM endpoint's base URL as the ConfigMap sets it. */
    static String baseUrl() {
        Map<String, LmProperties.Endpoint> endpoints = Manifests.springBinder(Manifests.configMap().getData())
                .bind("tunebatch.lm.endpoints", ENDPOINTS).orElseThrow(() -> new AssertionError(
                        "configmap.yaml configures no LM endpoint (TUNEBATCH_LM_ENDPOINTS_<NAME>_BASEURL)"));
        assertThat(endpoints).hasSize(1);
        return endpoints.values().iterator().next().getBaseUrl();
    }

    /** The variable of the application's container that Spring Boot binds to an endpoint's api-key. */
    private static EnvVar apiKeyVariable() {
        return Manifests.appContainer().getEnv().stream()
                .filter(v -> v.getName().matches("TUNEBATCH_LM_ENDPOINTS_[A-Z0-9]+_APIKEY")).findFirst()
                .orElseThrow(() -> new AssertionError("no TUNEBATCH_LM_ENDPOINTS_<NAME>_APIKEY in the container"));
    }

    /** The container's environment as the kubelet builds it, the Secret holding what its placeholder shows. */
    private Map<String, String> appEnvironment() {
        Map<String, String> env = new HashMap<>(config);
        String secret = Manifests.lmSecret().getMetadata().getName();
        for (EnvVar var : Manifests.appContainer().getEnv()) {
            SecretKeySelector ref = var.getValueFrom() == null ? null : var.getValueFrom().getSecretKeyRef();
            if (ref != null && ref.getName().equals(secret)) {
                env.put(var.getName(), Manifests.lmSecret().getStringData().get(ref.getKey()));
            }
        }
        return env;
    }
}
