package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Every manifest of {@code k8s/} loads into fabric8's typed model, completely. */
class ManifestsTest {

    @Test
    void everyManifestLoadsAsTheKindItDeclares() {
        Map<String, String> kinds = new TreeMap<>();
        for (String file : Manifests.yamlFiles()) {
            Object resource = Manifests.load(file);
            assertThat(resource).as(file).isInstanceOf(HasMetadata.class);
            kinds.put(file, ((HasMetadata) resource).getKind());
            if (!file.equals(Manifests.KUSTOMIZATION)) {
                assertThat(resource).as(file + " has a typed model, so fabric8 knows its apiVersion and kind")
                        .isNotInstanceOf(GenericKubernetesResource.class);
            }
        }
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of(
                Manifests.CONFIGMAP, "ConfigMap",
                Manifests.CRONJOB, "CronJob",
                Manifests.KUSTOMIZATION, "Kustomization",
                Manifests.LM_SECRET, "Secret",
                Manifests.NETWORK_POLICY, "NetworkPolicy",
                Manifests.POSTGRES_SERVICE, "Service",
                Manifests.POSTGRES_STATEFULSET, "StatefulSet",
                Manifests.SECRET, "Secret",
                Manifests.SERVICE_ACCOUNT, "ServiceAccount",
                Manifests.WORKER_DEPLOYMENT, "Deployment"));
    }

    @Test
    void noManifestHasAFieldTheModelDoesNotKnow() {
        for (String file : Manifests.yamlFiles()) {
            if (file.equals(Manifests.KUSTOMIZATION)) {
                continue;
            }
            assertThat(Manifests.unknownFields(Manifests.load(file))).as("misspelt or misplaced fields in " + file)
                    .isEmpty();
        }
    }

    @Test
    void unknownFieldsAreDetected() {
        Object withTypo = Manifests.parse("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: x}
                spec:
                  schedule: "0 1 * * *"
                  concurencyPolicy: Forbid
                  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, imag: i}]}}}}
                """);
        assertThat(Manifests.unknownFields(withTypo))
                .containsExactlyInAnyOrder("spec.concurencyPolicy", "spec.jobTemplate.spec.template.spec.containers[0].imag");
    }

    @Test
    void noManifestPinsANamespaceSoKustomizeSetsOneForAll() {
        for (String file : Manifests.yamlFiles()) {
            if (Manifests.load(file) instanceof HasMetadata resource && !file.equals(Manifests.KUSTOMIZATION)) {
                assertThat(resource.getMetadata().getNamespace()).as(file).isNull();
            }
        }
    }
}
