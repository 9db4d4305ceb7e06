package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opt-in KEDA component ({@code k8s/keda/}): a ScaledObject that scales the workers' Deployment on the trials
 * waiting for a worker, read from the same PostgreSQL with the same Secret, and a kustomize component that leaves the
 * default deployment free of KEDA's kinds.
 */
@SuppressWarnings("unchecked")
class KedaManifestsTest {

    /** The manager's backlog: trials dispatched to the workers that none has taken yet. */
    static final String BACKLOG_QUERY = "select count(*) from tb_worker_demand";
    private static final String KEDA_API = "keda.sh/v1alpha1";

    private final GenericKubernetesResource scaledObject = Manifests.keda(Manifests.KEDA_SCALED_OBJECT);
    private final GenericKubernetesResource authentication = Manifests.keda(Manifests.KEDA_TRIGGER_AUTHENTICATION);
    private final GenericKubernetesResource component = Manifests.keda(Manifests.KUSTOMIZATION);
    private final Deployment workers = Manifests.workerDeployment();

    /** The most workers KEDA runs. */
    static int maxWorkers() {
        return Manifests.keda(Manifests.KEDA_SCALED_OBJECT).<Number>get("spec", "maxReplicaCount").intValue();
    }

    @Test
    void theManifestsAreKedasKinds() {
        assertThat(scaledObject.getApiVersion()).isEqualTo(KEDA_API);
        assertThat(scaledObject.getKind()).isEqualTo("ScaledObject");
        assertThat(authentication.getApiVersion()).isEqualTo(KEDA_API);
        assertThat(authentication.getKind()).isEqualTo("TriggerAuthentication");
        for (HasMetadata resource : List.of(scaledObject, authentication)) {
            assertThat(resource.getMetadata().getName()).isNotBlank();
            assertThat(resource.getMetadata().getNamespace()).as("kustomize sets it").isNull();
        }
    }

    @Test
    void scalesTheWorkersFromZero() {
        assertThat((String) scaledObject.get("spec", "scaleTargetRef", "name"))
                .isEqualTo(workers.getMetadata().getName());
        assertThat((String) scaledObject.get("spec", "scaleTargetRef", "kind")).isEqualTo(workers.getKind());
        assertThat((String) scaledObject.get("spec", "scaleTargetRef", "apiVersion"))
                .isEqualTo(workers.getApiVersion());
        assertThat(scaledObject.<Number>get("spec", "minReplicaCount").intValue()).isZero();
        assertThat(maxWorkers()).isPositive();
    }

    @Test
    void scalesInOneBusyWorkerAtATime() {
        Map<String, Object> scaleDown = scaledObject.get("spec", "advanced", "horizontalPodAutoscalerConfig",
                "behavior", "scaleDown");
        assertThat(scaleDown).as("the HPA's default removes every idle-looking worker at once").isNotNull();
        assertThat(((Number) scaleDown.get("stabilizationWindowSeconds")).intValue())
                .isGreaterThanOrEqualTo(scaledObject.<Number>get("spec", "cooldownPeriod").intValue());
        List<Map<String, Object>> policies = (List<Map<String, Object>>) scaleDown.get("policies");
        assertThat(policies).singleElement().satisfies(p -> {
            assertThat(p.get("type")).isEqualTo("Pods");
            assertThat(p.get("value")).isEqualTo(1);
        });
    }

    @Test
    void pollsTheBacklogOfTrialsWaitingForAWorker() {
        Map<String, Object> trigger = trigger();
        assertThat(trigger.get("type")).isEqualTo("postgresql");
        Map<String, Object> metadata = metadata(trigger);
        assertThat(metadata.get("query")).isEqualTo(BACKLOG_QUERY);
        int capacity = Manifests.springBinder(Manifests.environment(Manifests.workerContainer(), "worker"))
                .bind(WorkerDeploymentTest.CAPACITY, Integer.class).orElse(1);
        assertThat(metadata.get("targetQueryValue")).as("one worker per %d waiting trials", capacity)
                .isEqualTo(String.valueOf(capacity));
        assertThat(metadata.get("activationTargetQueryValue")).as("a single waiting trial wakes a worker")
                .isEqualTo("0");
    }

    @Test
    void queriesTheDatabaseTheApplicationUses() {
        Map<String, Object> metadata = metadata(trigger());
        URI database = URI.create(Manifests.configMap().getData().get("SPRING_DATASOURCE_URL").substring(5));
        String namespace = Manifests.kustomization().get("namespace");
        assertThat(metadata.get("host")).as("the Service's full name: KEDA runs in a namespace of its own")
                .isEqualTo(database.getHost() + "." + namespace + ".svc.cluster.local");
        assertThat(metadata.get("port")).isEqualTo(String.valueOf(database.getPort()));
        assertThat("/" + metadata.get("dbName")).isEqualTo(database.getPath());
        assertThat(metadata).as("credentials come from the TriggerAuthentication only")
                .doesNotContainKeys("userName", "password", "passwordFromEnv", "connection", "connectionFromEnv");
    }

    @Test
    void logsInWithTheApplicationsSecret() {
        Map<String, Object> ref = (Map<String, Object>) trigger().get("authenticationRef");
        assertThat(ref.get("name")).isEqualTo(authentication.getMetadata().getName());
        assertThat(ref.get("kind")).as("a namespaced TriggerAuthentication").isIn(null, "TriggerAuthentication");
        List<Map<String, Object>> targets = authentication.get("spec", "secretTargetRef");
        String secret = Manifests.secret().getMetadata().getName();
        Map<String, String> keyOf = targets.stream().peek(t -> assertThat(t.get("name")).isEqualTo(secret))
                .collect(Collectors.toMap(t -> (String) t.get("parameter"), t -> (String) t.get("key")));
        Map<String, String> application = Map.of(
                "userName", Manifests.env(Manifests.workerContainer(), "SPRING_DATASOURCE_USERNAME").getValueFrom()
                        .getSecretKeyRef().getKey(),
                "password", Manifests.env(Manifests.workerContainer(), "SPRING_DATASOURCE_PASSWORD").getValueFrom()
                        .getSecretKeyRef().getKey());
        assertThat(keyOf).as("the keys the workers log in with").isEqualTo(application);
        assertThat(Manifests.secret().getStringData()).containsKeys(keyOf.values().toArray(String[]::new));
    }

    @Test
    void isAnOptInComponentThatHandsTheWorkerCountToKeda() {
        assertThat(component.getApiVersion()).isEqualTo("kustomize.config.k8s.io/v1alpha1");
        assertThat(component.getKind()).isEqualTo("Component");
        List<String> resources = component.get("resources");
        assertThat(resources).containsExactlyInAnyOrderElementsOf(Manifests.yamlFiles(Manifests.KEDA_DIR).stream()
                .filter(f -> !f.equals(Manifests.KUSTOMIZATION)).toList());
        assertThat(resources).containsExactlyInAnyOrder(Manifests.KEDA_SCALED_OBJECT,
                Manifests.KEDA_TRIGGER_AUTHENTICATION);
        assertThat((Object) Manifests.kustomization().get("components")).as("KEDA's CRDs may be absent: opt-in")
                .isNull();
        assertThat(workers.getSpec().getReplicas()).as("the base sets a count the component must remove").isNotNull();

        List<Map<String, Object>> patches = component.get("patches");
        assertThat(patches).singleElement().satisfies(patch -> {
            Map<String, Object> target = (Map<String, Object>) patch.get("target");
            assertThat(target).containsEntry("kind", workers.getKind())
                    .containsEntry("name", workers.getMetadata().getName());
            List<Map<String, Object>> operations = new KubernetesSerialization()
                    .unmarshal((String) patch.get("patch"), List.class);
            assertThat(operations).containsExactly(Map.of("op", "remove", "path", "/spec/replicas"));
        });
    }

    private Map<String, Object> trigger() {
        List<Map<String, Object>> triggers = scaledObject.get("spec", "triggers");
        assertThat(triggers).hasSize(1);
        return triggers.get(0);
    }

    private static Map<String, Object> metadata(Map<String, Object> trigger) {
        return (Map<String, Object>) trigger.get("metadata");
    }
}
