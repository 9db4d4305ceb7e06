package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote workers' Deployment: the CronJob's image and settings running {@code worker}, a pod as locked down as
 * the CronJob's, a grace period that lets the running trial reach its epoch boundary, and labels that keep its
 * ReplicaSet off the CronJob's pods while the NetworkPolicy covers both.
 */
class WorkerDeploymentTest {

    /** A {@code $(VAR)} reference in a container's args. */
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** Trials a worker runs at a time (the application's default is 1). */
    static final String CAPACITY = "tunebatch.worker.capacity";
    static final String EXECUTION = "tunebatch.engine.execution";
    private static final String WORKER_TIMEOUT = "tunebatch.engine.worker-timeout";
    private static final String HEARTBEAT_INTERVAL = "tunebatch.engine.heartbeat-interval";
    private static final String POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";
    /** A worker's connections beside its trials': taking trials, heartbeats, the job repository. */
    private static final int CONNECTIONS_BESIDE_TRIALS = 3;

    private final Deployment deployment = Manifests.workerDeployment();
    private final PodSpec pod = Manifests.workerPod();
    private final Container worker = Manifests.workerContainer();
    private final PodSpec cronJobPod = Manifests.cronJobPod();
    private final Container manager = Manifests.appContainer();

    @Test
    void runsTheWorkerCommandOfTheCronJobsImage() {
        assertThat(worker.getArgs()).containsExactly("worker");
        assertThat(worker.getCommand()).as("no command: the image's exec-form ENTRYPOINT runs java as PID 1").isEmpty();
        assertThat(worker.getImage()).isEqualTo(manager.getImage());
        assertThat(worker.getImagePullPolicy()).isEqualTo(manager.getImagePullPolicy());
        assertThat(pod.getContainers()).hasSize(1);
    }

    @Test
    void sharesTheCronJobsSettingsAndCredentials() {
        assertThat(worker.getEnvFrom()).isEqualTo(manager.getEnvFrom());
        Set<String> runArgsOnly = manager.getArgs().stream().flatMap(a -> VAR_REF.matcher(a).results())
                .map(m -> m.group(1)).collect(Collectors.toSet());
        assertThat(runArgsOnly).as("the variables the CronJob's args name").isNotEmpty();
        Map<String, EnvVar> workerEnv = worker.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, v -> v));
        for (EnvVar var : manager.getEnv()) {
            if (!runArgsOnly.contains(var.getName())) {
                assertThat(workerEnv.get(var.getName())).as("the worker's %s", var.getName()).isEqualTo(var);
            }
        }
        assertThat(workerEnv.values()).filteredOn(v -> v.getValueFrom() != null && v.getValueFrom()
                        .getSecretKeyRef() != null).extracting(v -> v.getValueFrom().getSecretKeyRef().getName())
                .as("the database's and the LM endpoint's Secrets")
                .containsExactlyInAnyOrder(Manifests.secret().getMetadata().getName(),
                        Manifests.secret().getMetadata().getName(), Manifests.lmSecret().getMetadata().getName());
    }

    @Test
    void itsOwnSettingsAreLiteralsNotCredentials() {
        Set<String> managers = manager.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
        List<EnvVar> own = worker.getEnv().stream().filter(v -> !managers.contains(v.getName())).toList();
        assertThat(own).extracting(EnvVar::getName)
                .containsExactlyInAnyOrder("TUNEBATCH_WORKER_CAPACITY", "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE");
        assertThat(own).allSatisfy(v -> {
            assertThat(v.getValue()).as(v.getName()).isNotBlank();
            assertThat(v.getName()).doesNotContainPattern("(?i)password|secret|token|credential|user|key");
        });
        assertThat(worker.getEnvFrom()).allSatisfy(e -> assertThat(e.getSecretRef()).isNull());
    }

    @Test
    void itsPoolHoldsItsTrialsAndItsOwnWork() {
        Binder binder = workerBinder();
        int capacity = binder.bind(CAPACITY, Integer.class).orElse(1);
        int pool = binder.bind(POOL_SIZE, Integer.class).orElseThrow(() -> new AssertionError("no " + POOL_SIZE));
        assertThat(capacity).isPositive();
        assertThat(pool).as("%s vs %s=%d", POOL_SIZE, CAPACITY, capacity)
                .isGreaterThanOrEqualTo(capacity + CONNECTIONS_BESIDE_TRIALS);
        assertThat(pool).as("smaller than the CronJob's, so that many workers fit the connection budget")
                .isLessThan(Manifests.springBinder(Manifests.configMap().getData()).bind(POOL_SIZE, Integer.class)
                        .orElseThrow(() -> new AssertionError(Manifests.CONFIGMAP + " sets no " + POOL_SIZE)));
    }

    @Test
    void theGracePeriodLetsTheRunningTrialReachItsEpochBoundary() {
        Duration stopTimeout = PodChecks.assertGracePeriodCoversTheStop(pod, Manifests.environment(worker, "worker"),
                CronJobTest.stopTimeoutProperty());
        assertThat(stopTimeout).as("an epoch's time to end; the application's default of 25s is too short for most")
                .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(pod.getTerminationGracePeriodSeconds()).as("a stopping worker waits as long as a stopping manager")
                .isEqualTo(cronJobPod.getTerminationGracePeriodSeconds());
    }

    @Test
    void theManagerWaitsLongerThanThreeHeartbeatsBeforeItRedispatches() {
        for (Binder binder : List.of(workerBinder(), Manifests.springBinder(Manifests.environment(manager, "j")))) {
            Duration timeout = binder.bind(WORKER_TIMEOUT, Duration.class).orElse(Duration.ofSeconds(60));
            Duration heartbeat = binder.bind(HEARTBEAT_INTERVAL, Duration.class).orElse(Duration.ofSeconds(10));
            assertThat(timeout).as("%s vs 3 x %s", WORKER_TIMEOUT, HEARTBEAT_INTERVAL)
                    .isGreaterThan(heartbeat.multipliedBy(3));
        }
    }

    @Test
    void noWorkerIdlesBesideACronJobThatRunsItsTrialsInProcess() {
        String execution = Manifests.springBinder(Manifests.environment(manager, "j")).bind(EXECUTION, String.class)
                .orElse("in-process");
        assertThat(execution).isIn("in-process", "remote");
        if (execution.equals("in-process")) {
            assertThat(deployment.getSpec().getReplicas()).isZero();
        }
    }

    @Test
    void theInitContainerIsTheCronJobs() {
        assertThat(pod.getInitContainers()).isEqualTo(cronJobPod.getInitContainers()).hasSize(1);
    }

    @Test
    void thePodIsAsLockedDownAsTheCronJobs() {
        PodChecks.assertLockedDown(pod, worker);
        PodChecks.assertRequestsAndLimits(pod);
        assertThat(pod.getSecurityContext()).isEqualTo(cronJobPod.getSecurityContext());
        assertThat(worker.getSecurityContext()).isEqualTo(manager.getSecurityContext());
        assertThat(pod.getVolumes()).isEqualTo(cronJobPod.getVolumes());
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo(cronJobPod.getServiceAccountName());
    }

    @Test
    void theReplicaSetSelectsItsOwnPodsOnly() {
        LabelSelector selector = deployment.getSpec().getSelector();
        assertThat(selector.getMatchExpressions()).isNullOrEmpty();
        Map<String, String> wanted = selector.getMatchLabels();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(wanted);
        for (Map<String, String> other : List.of(
                Manifests.cronJob().getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels(),
                Manifests.postgresStatefulSet().getSpec().getTemplate().getMetadata().getLabels())) {
            assertThat(other.entrySet().containsAll(wanted.entrySet())).as("adopts pods labelled %s", other).isFalse();
        }
    }

    private Binder workerBinder() {
        return Manifests.springBinder(Manifests.environment(worker, "worker"));
    }
}
