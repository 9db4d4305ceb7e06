package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev cluster's PostgreSQL (StatefulSet and headless Service), the credentials Secret, and how the application's
 * settings reach them: URL, credentials, connection budget.
 */
class DatabaseManifestsTest {

    /** PostgreSQL's superuser_reserved_connections default. */
    private static final int SUPERUSER_RESERVED = 3;

    private final StatefulSet statefulSet = Manifests.postgresStatefulSet();
    private final Service service = Manifests.postgresService();
    private final Secret secret = Manifests.secret();
    private final ConfigMap config = Manifests.configMap();
    private final Container postgres = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void theHeadlessServiceSelectsTheStatefulSetsPods() {
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(service.getMetadata().getName());
        Map<String, String> podLabels = statefulSet.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(statefulSet.getSpec().getSelector().getMatchLabels());
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        ServicePort port = service.getSpec().getPorts().get(0);
        assertThat(postgres.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(port.getTargetPort().getStrVal());
            assertThat(p.getContainerPort()).isEqualTo(port.getPort());
        });
    }

    @Test
    void dataLivesOnAVolumeClaimTemplate() {
        PersistentVolumeClaim claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
        String mountPath = postgres.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(claim.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the claim is not mounted")).getMountPath();
        assertThat(Manifests.env(postgres, "PGDATA").getValue()).as("PGDATA is on the claim").startsWith(mountPath + "/");
    }

    @Test
    void readinessIsPgIsready() {
        assertThat(String.join(" ", postgres.getReadinessProbe().getExec().getCommand())).contains("pg_isready");
        assertThat(postgres.getLivenessProbe()).isNotNull();
    }

    @Test
    void postgresRunsAsItsNonRootUser() {
        var security = statefulSet.getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getRunAsUser()).isPositive();
        assertThat(security.getFsGroup()).as("the volume is writable by that user").isEqualTo(security.getRunAsGroup());
        assertThat(postgres.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    @Test
    void postgresTakesItsCredentialsFromTheSecret() {
        for (String name : List.of("POSTGRES_USER", "POSTGRES_PASSWORD")) {
            EnvVar var = Manifests.env(postgres, name);
            assertThat(var.getValue()).as(name).isNull();
            assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(secret.getStringData()).containsKey(var.getValueFrom().getSecretKeyRef().getKey());
        }
        assertThat(Manifests.appContainer().getEnv()).filteredOn(e -> e.getName().startsWith("SPRING_DATASOURCE_"))
                .extracting(e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactlyInAnyOrder(Manifests.env(postgres, "POSTGRES_USER").getValueFrom().getSecretKeyRef().getKey(),
                        Manifests.env(postgres, "POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
    }

    @Test
    void theSecretManifestHoldsPlaceholdersOnly() {
        assertThat(secret.getData()).as("no base64 data: nothing real hides here").isNullOrEmpty();
        assertThat(secret.getStringData()).containsOnlyKeys("username", "password");
        assertThat(secret.getStringData().get("password")).isEqualTo("CHANGE-ME");
    }

    @Test
    void theApplicationsUrlNamesTheServiceItsPortAndTheDatabase() {
        String url = Manifests.springBinder(config.getData()).bind("spring.datasource.url", String.class)
                .orElseThrow(() -> new AssertionError("SPRING_DATASOURCE_URL does not bind to spring.datasource.url"));
        assertThat(url).startsWith("jdbc:postgresql://").doesNotContain("?");
        URI uri = URI.create(url.substring("jdbc:".length()));
        assertThat(uri.getHost()).isEqualTo(service.getMetadata().getName());
        assertThat(uri.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getPort());
        assertThat(uri.getPath()).isEqualTo("/" + Manifests.env(postgres, "POSTGRES_DB").getValue());
    }

    @Test
    void connectionBudgetFitsMaxConnections() {
        int pool = Manifests.springBinder(config.getData())
                .bind("spring.datasource.hikari.maximum-pool-size", Integer.class)
                .orElseThrow(() -> new AssertionError("set SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE"));
        Matcher m = Pattern.compile("max_connections=(\\d+)").matcher(String.join(" ", postgres.getArgs()));
        assertThat(m.find()).as("postgres args set max_connections").isTrue();
        int maxConnections = Integer.parseInt(m.group(1));
        int searchPods = Manifests.cronJob().getSpec().getJobTemplate().getSpec().getParallelism();
        // Forbid and podReplacementPolicy Failed keep the nightly run to one pod; leave room for one ad-hoc pod
        // (kubectl create job --from=cronjob/..., or a status/results run), whose pool fills just the same.
        int adHocPods = 1;
        // The remote workers at the most KEDA scales them to, each with its own (smaller) pool, and the one
        // connection KEDA's scaler polls the backlog over.
        int workerPool = Manifests.springBinder(Manifests.environment(Manifests.workerContainer(), "worker"))
                .bind("spring.datasource.hikari.maximum-pool-size", Integer.class)
                .orElseThrow(() -> new AssertionError("the workers' pool size"));
        int workers = KedaManifestsTest.maxWorkers();
        int kedaScaler = 1;
        assertThat((searchPods + adHocPods) * pool + workers * workerPool + kedaScaler + SUPERUSER_RESERVED)
                .isLessThanOrEqualTo(maxConnections);
    }
}
