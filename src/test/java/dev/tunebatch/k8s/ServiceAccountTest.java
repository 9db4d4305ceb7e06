package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The search's and the workers' pods run under a ServiceAccount of their own that has no permission and mounts no token. */
class ServiceAccountTest {

    private final ServiceAccount account = Manifests.serviceAccount();
    /** The pods that run the application: the CronJob's and the remote workers'. */
    private final List<PodSpec> pods = List.of(Manifests.cronJobPod(), Manifests.workerPod());

    @Test
    void thePodsUseTheDedicatedServiceAccount() {
        assertThat(account.getMetadata().getName()).isNotEqualTo("default");
        for (PodSpec pod : pods) {
            assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
            assertThat(pod.getServiceAccount()).as("the deprecated field stays unset").isNull();
        }
    }

    @Test
    void noTokenIsMounted() {
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
        assertThat(pods).allSatisfy(pod -> assertThat(pod.getAutomountServiceAccountToken()).isFalse());
        assertThat(account.getSecrets()).isNullOrEmpty();
    }

    @Test
    void noManifestGrantsAPermission() {
        for (String file : Manifests.yamlFiles()) {
            if (Manifests.load(file) instanceof HasMetadata resource) {
                assertThat(resource.getKind()).as(file)
                        .isNotIn("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
            }
        }
    }
}
