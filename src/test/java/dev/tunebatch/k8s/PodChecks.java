package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every pod running the application must satisfy, whether the CronJob's or a worker's: locked-down security,
 * requests and limits, and a grace period that covers the graceful stop.
 */
final class PodChecks {

    /** What Spring Boot needs beyond the stop timeout to close the context (pool, logs) after the stop. */
    static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(30);

    private PodChecks() {
    }

    /** Non-root, seccomp, no token, no privilege escalation, no capability, read-only root, an emptyDir on /tmp. */
    static void assertLockedDown(PodSpec pod, Container app) {
        PodSecurityContext security = pod.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getRunAsUser()).isNotNull().isPositive();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        for (Container c : Manifests.allContainers(pod)) {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getRunAsUser()).as("%s keeps the pod's user", c.getName()).isNull();
        }
        Map<String, Volume> volumes = new HashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        VolumeMount tmp = app.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow(() -> new AssertionError("no /tmp mount"));
        assertThat(volumes.get(tmp.getName()).getEmptyDir()).isNotNull();
        for (Container c : Manifests.allContainers(pod)) {
            c.getVolumeMounts().forEach(m -> assertThat(volumes).as(c.getName()).containsKey(m.getName()));
        }
    }

    /** Every container requests CPU and memory, and is limited to at least as much. */
    static void assertRequestsAndLimits(PodSpec pod) {
        for (Container c : Manifests.allContainers(pod)) {
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = c.getResources().getRequests().get(resource);
                Quantity limit = c.getResources().getLimits().get(resource);
                assertThat(request).as("%s request of %s", resource, c.getName()).isNotNull();
                assertThat(limit).as("%s limit of %s", resource, c.getName()).isNotNull();
                assertThat(Quantity.getAmountInBytes(request)).as("%s of %s", resource, c.getName())
                        .isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
            }
        }
    }

    /**
     * The pod's grace period holds the graceful stop the application's environment configures (read through
     * Spring Boot's relaxed binding, under {@code stopTimeoutProperty}) plus {@link #SHUTDOWN_MARGIN}; returns that
     * stop timeout.
     */
    static Duration assertGracePeriodCoversTheStop(PodSpec pod, Map<String, String> environment,
                                                   String stopTimeoutProperty) {
        Duration stopTimeout = Manifests.springBinder(environment).bind(stopTimeoutProperty, Duration.class)
                .orElseThrow(() -> new AssertionError(stopTimeoutProperty + " is not set by " + Manifests.CONFIGMAP));
        assertThat(pod.getTerminationGracePeriodSeconds()).isNotNull();
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
                .as("terminationGracePeriodSeconds vs %s=%s + margin", stopTimeoutProperty, stopTimeout)
                .isGreaterThanOrEqualTo(stopTimeout.plus(SHUTDOWN_MARGIN));
        return stopTimeout;
    }
}
