package dev.tunebatch.k8s;

import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.batch.launch.BatchEngineConfiguration;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.tuner.RandomSearch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.DefaultApplicationArguments;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The nightly CronJob: scheduling, retries, graceful stop, the run key, credentials and the pod's security. */
class CronJobTest {

    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final CronJob cronJob = Manifests.cronJob();
    private final CronJobSpec spec = cronJob.getSpec();
    private final JobSpec job = spec.getJobTemplate().getSpec();
    private final PodSpec pod = Manifests.cronJobPod();
    private final Container app = Manifests.appContainer();
    private final ConfigMap config = Manifests.configMap();

    @Test
    void neverRunsTwoNightsAtOnceAndSkipsRatherThanStacksLateRuns() {
        assertThat(spec.getConcurrencyPolicy()).isEqualTo("Forbid");
        // The controller checks every 10 s; below that a run may never start. Above a day, missed runs pile up.
        assertThat(spec.getStartingDeadlineSeconds()).isNotNull().isBetween(10L, 86_400L);
        assertThat(spec.getSuccessfulJobsHistoryLimit()).isPositive();
        assertThat(spec.getFailedJobsHistoryLimit()).isPositive();
        assertThat(job.getTtlSecondsAfterFinished()).isNotNull().isPositive();
        // A Job name is the CronJob name plus "-" and up to 11 digits, and must fit a label value (63 characters).
        assertThat(cronJob.getMetadata().getName()).hasSizeLessThanOrEqualTo(52);
    }

    @Test
    void runsOnceADayAtALocalTimeThatDaylightSavingNeitherSkipsNorRepeats() {
        String[] fields = spec.getSchedule().trim().split("\\s+");
        assertThat(fields).as("daily schedule 'M H * * *'").containsExactly(fields[0], fields[1], "*", "*", "*");
        LocalTime at = LocalTime.of(Integer.parseInt(fields[1]), Integer.parseInt(fields[0]));
        assertThat(spec.getTimeZone()).isNotBlank();
        ZoneRules rules = ZoneId.of(spec.getTimeZone()).getRules();
        LocalDate day = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < 366 * 2; i++, day = day.plusDays(1)) {
            LocalDateTime local = LocalDateTime.of(day, at);
            assertThat(rules.getValidOffsets(local)).as("%s in %s", local, spec.getTimeZone()).hasSize(1);
        }
    }

    @Test
    void aNightFinishesBeforeTheNextOneIsDue() {
        assertThat(job.getActiveDeadlineSeconds()).isNotNull().isPositive();
        assertThat(job.getActiveDeadlineSeconds() + spec.getStartingDeadlineSeconds())
                .as("a run started at its latest must end before the next schedule, or Forbid skips that night")
                .isLessThan(86_400L);
    }

    @Test
    void retriesAreFreshPodsOneAtATime() {
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getBackoffLimit()).isNotNull().isBetween(1, 6);
        assertThat(job.getPodReplacementPolicy()).isEqualTo("Failed");
        assertThat(job.getParallelism()).isEqualTo(1);
        assertThat(job.getCompletions()).isEqualTo(1);
    }

    @Test
    void theGracePeriodCoversTheGracefulStop() {
        PodChecks.assertGracePeriodCoversTheStop(pod, appEnvironment("tunebatch-29000000"), stopTimeoutProperty());
    }

    @Test
    void theRunKeyIsTheJobNameFromTheDownwardApi() {
        EnvVarSource jobName = Manifests.env(app, "JOB_NAME").getValueFrom();
        assertThat(jobName).isNotNull();
        assertThat(jobName.getFieldRef().getFieldPath()).isEqualTo("metadata.labels['job-name']");
        assertThat(app.getArgs()).contains("--run-key=$(JOB_NAME)");
    }

    @Test
    void everyVariableTheArgsUseIsDeclaredInTheContainersEnv() {
        assertThat(app.getCommand()).as("no command: the image's exec-form ENTRYPOINT runs java as PID 1").isEmpty();
        Set<String> declared = Set.copyOf(app.getEnv().stream().map(EnvVar::getName).toList());
        for (String arg : app.getArgs()) {
            Matcher m = VAR_REF.matcher(arg);
            while (m.find()) {
                assertThat(declared).as("$(%s) in args", m.group(1)).contains(m.group(1));
            }
        }
    }

    @Test
    void theArgsMakeTheCommandLineRunTheConfiguredSearchUnderTheJobName() {
        String jobName = cronJob.getMetadata().getName() + "-29000000";
        Map<String, String> env = appEnvironment(jobName);
        String[] args = app.getArgs().stream().map(a -> Manifests.expand(a, env)).toArray(String[]::new);
        String search = config.getData().get("TUNEBATCH_DEFAULT_SEARCH");
        assertThat(search).isNotBlank();

        SearchDefinition definition = SearchDefinition.of(search, RandomSearch::builder, () -> null);
        SearchLauncher launcher = mock(SearchLauncher.class);
        when(launcher.run(any(), anyString(), any()))
                .thenReturn(new LaunchOutcome(ExitCodes.COMPLETED, BatchStatus.COMPLETED, "done", 1L));
        var none = new org.springframework.beans.factory.support.StaticListableBeanFactory();
        SearchInspector inspector = mock(SearchInspector.class);
        dev.tunebatch.app.console.SearchConsole console = new dev.tunebatch.app.console.SearchConsole(launcher,
                inspector, null, none.getBeanProvider(dev.tunebatch.app.console.SearchCatalog.class),
                none.getBeanProvider(dev.tunebatch.app.config.TunebatchProperties.class),
                none.getBeanProvider(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class),
                none.getBeanProvider(dev.tunebatch.report.SearchReportWriter.class));
        TunebatchCommandLine cli = new TunebatchCommandLine(List.of(definition), inspector, console,
                "not-" + search, none.getBeanProvider(dev.tunebatch.report.SearchReportWriter.class));
        cli.run(new DefaultApplicationArguments(args));

        verify(launcher).run(eq(definition), eq(jobName), any());
        assertThat(cli.getExitCode()).isEqualTo(ExitCodes.COMPLETED);
    }

    @Test
    void theSearchNameAlsoBindsToTheApplicationsDefaultSearch() {
        String property = valueProperty(TunebatchCommandLine.class, "default-search");
        assertThat(Manifests.springBinder(appEnvironment("j")).bind(property, String.class).orElse(null))
                .isEqualTo(config.getData().get("TUNEBATCH_DEFAULT_SEARCH"));
    }

    @Test
    void credentialsComeOnlyFromTheSecretThroughSecretKeyRef() {
        String secret = Manifests.secret().getMetadata().getName();
        Set<String> keys = Manifests.secret().getStringData().keySet();
        for (String name : List.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
            EnvVar var = Manifests.env(app, name);
            assertThat(var.getValue()).as(name).isNull();
            assertThat(var.getValueFrom().getSecretKeyRef()).as(name).isNotNull();
            assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
            assertThat(keys).contains(var.getValueFrom().getSecretKeyRef().getKey());
        }
        for (Container c : Manifests.allContainers(pod)) {
            assertThat(c.getEnvFrom()).as("%s: no whole Secret as env", c.getName())
                    .allSatisfy(e -> assertThat(e.getSecretRef()).isNull());
            for (EnvVar var : c.getEnv()) {
                if (var.getName().matches("(?i).*(password|secret|token|credential|user).*")) {
                    assertThat(var.getValueFrom()).as("%s of %s", var.getName(), c.getName()).isNotNull();
                    assertThat(var.getValueFrom().getSecretKeyRef()).as("%s of %s", var.getName(), c.getName())
                            .isNotNull();
                }
            }
        }
        config.getData().forEach((key, value) -> {
            assertThat(key).as("ConfigMap key").doesNotContainPattern("(?i)password|secret|token|credential|user");
            assertThat(value).as("ConfigMap " + key).doesNotContainPattern("(?i)password=|user=|://[^/]*@");
        });
    }

    @Test
    void configMapReferencesResolve() {
        String name = config.getMetadata().getName();
        for (Container c : Manifests.allContainers(pod)) {
            c.getEnvFrom().forEach(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(name));
            for (EnvVar var : c.getEnv()) {
                if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                    assertThat(var.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo(name);
                    assertThat(config.getData()).containsKey(var.getValueFrom().getConfigMapKeyRef().getKey());
                }
            }
        }
        assertThat(app.getEnvFrom()).as("the application gets the whole ConfigMap").hasSize(1);
    }

    @Test
    void theJvmOptionsKeepAHeapCapRelativeToTheMemoryLimit() {
        // JAVA_TOOL_OPTIONS from the ConfigMap replaces the image's default, which holds the heap cap.
        assertThat(config.getData().get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=");
        assertThat(app.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void anInitContainerWaitsForPostgresqlAtTheConfiguredUrl() {
        assertThat(pod.getInitContainers()).hasSize(1);
        Container wait = pod.getInitContainers().get(0);
        assertThat(String.join(" ", Stream.concat(wait.getCommand().stream(), wait.getArgs().stream()).toList()))
                .contains("pg_isready").contains("SPRING_DATASOURCE_URL");
        assertThat(Manifests.env(wait, "SPRING_DATASOURCE_URL").getValueFrom().getConfigMapKeyRef().getKey())
                .isEqualTo("SPRING_DATASOURCE_URL");
    }

    @Test
    void everyContainerHasRequestsAndLimits() {
        PodChecks.assertRequestsAndLimits(pod);
    }

    @Test
    void thePodRunsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
        PodChecks.assertLockedDown(pod, app);
    }

    /** The container environment the application sees, as the kubelet builds it (envFrom, then env). */
    private Map<String, String> appEnvironment(String jobName) {
        return Manifests.environment(app, jobName);
    }

    /** The property the application's graceful stop waits for, as its {@code @Value} names it. */
    static String stopTimeoutProperty() {
        return valueProperty(BatchEngineConfiguration.class, "stop-timeout");
    }

    /**
     * The property name of the {@code @Value("${...}")} injection point in {@code type} whose name ends with
     * {@code suffix}: ties the ConfigMap's variable to the property the application really reads.
     */
    static String valueProperty(Class<?> type, String suffix) {
        Pattern placeholder = Pattern.compile("\\$\\{([^:}]+)");
        return Stream.concat(Stream.of(type.getDeclaredMethods()), Stream.of(type.getDeclaredConstructors()))
                .map(Executable::getParameters).flatMap(Stream::of)
                .map((Parameter p) -> p.getAnnotation(Value.class)).filter(v -> v != null)
                .map(v -> placeholder.matcher(v.value())).filter(Matcher::find).map(m -> m.group(1))
                .filter(name -> name.endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " reads no property ending in " + suffix
                        + "; update k8s/configmap.yaml and this test together"));
    }
}
