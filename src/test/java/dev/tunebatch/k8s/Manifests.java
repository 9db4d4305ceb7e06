package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The manifests of the top-level {@code k8s/} folder, loaded with fabric8's typed Kubernetes model, and the few
 * Kubernetes and Spring Boot rules the tests apply to them.
 */
final class Manifests {

    /** The folder of the manifests; the tests run with the repository root as working directory. */
    static final Path DIR = Path.of("k8s");
    static final String KUSTOMIZATION = "kustomization.yaml";
    static final String CRONJOB = "cronjob.yaml";
    static final String CONFIGMAP = "configmap.yaml";
    static final String SECRET = "secret.yaml";
    static final String POSTGRES_SERVICE = "postgres-service.yaml";
    static final String POSTGRES_STATEFULSET = "postgres-statefulset.yaml";
    static final String LM_SECRET = "lm-secret.yaml";
    static final String NETWORK_POLICY = "networkpolicy.yaml";
    static final String SERVICE_ACCOUNT = "serviceaccount.yaml";
    static final String WORKER_DEPLOYMENT = "worker-deployment.yaml";
    /** The opt-in kustomize component that lets KEDA scale the workers; not part of {@link #DIR}'s kustomization. */
    static final Path KEDA_DIR = DIR.resolve("keda");
    static final String KEDA_SCALED_OBJECT = "worker-scaledobject.yaml";
    static final String KEDA_TRIGGER_AUTHENTICATION = "worker-triggerauthentication.yaml";
    /** Secrets that only document their shape: never deployed by kustomize, created with kubectl instead. */
    static final Set<String> PLACEHOLDER_SECRETS = Set.of(SECRET, LM_SECRET);
    /** The name of the application's container in the CronJob's and the workers' pods. */
    static final String APP_CONTAINER = "tunebatch";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every YAML file of {@code k8s/}, by file name. */
    static List<String> yamlFiles() {
        return yamlFiles(DIR);
    }

    /** Every YAML file of a folder (not of its subfolders), by file name. */
    static List<String> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One manifest (a single document), deserialized to the model class its apiVersion and kind name. */
    static Object load(String file) {
        return load(DIR.resolve(file));
    }

    /** A manifest anywhere, e.g. in {@link #KEDA_DIR}; a kind fabric8 has no model for is a generic resource. */
    static Object load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SERIALIZATION.unmarshal(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A manifest given as text. */
    static Object parse(String yaml) {
        return SERIALIZATION.unmarshal(yaml);
    }

    static <T> T load(String file, Class<T> type) {
        return load(DIR.resolve(file), type);
    }

    static <T> T load(Path file, Class<T> type) {
        Object resource = load(file);
        if (!type.isInstance(resource)) {
            throw new AssertionError(file + " holds " + (resource == null ? "nothing" : resource.getClass().getName())
                    + ", expected a " + type.getSimpleName());
        }
        return type.cast(resource);
    }

    static CronJob cronJob() {
        return load(CRONJOB, CronJob.class);
    }

    static ConfigMap configMap() {
        return load(CONFIGMAP, ConfigMap.class);
    }

    static Secret secret() {
        return load(SECRET, Secret.class);
    }

    static Secret lmSecret() {
        return load(LM_SECRET, Secret.class);
    }

    static NetworkPolicy networkPolicy() {
        return load(NETWORK_POLICY, NetworkPolicy.class);
    }

    static ServiceAccount serviceAccount() {
        return load(SERVICE_ACCOUNT, ServiceAccount.class);
    }

    static Service postgresService() {
        return load(POSTGRES_SERVICE, Service.class);
    }

    static StatefulSet postgresStatefulSet() {
        return load(POSTGRES_STATEFULSET, StatefulSet.class);
    }

    static Deployment workerDeployment() {
        return load(WORKER_DEPLOYMENT, Deployment.class);
    }

    /** A manifest of the KEDA component: KEDA's kinds (and kustomize's) have no typed model here. */
    static GenericKubernetesResource keda(String file) {
        return load(KEDA_DIR.resolve(file), GenericKubernetesResource.class);
    }

    /** kustomization.yaml has no typed model; fabric8 loads it as a generic resource. */
    static GenericKubernetesResource kustomization() {
        return load(KUSTOMIZATION, GenericKubernetesResource.class);
    }

    static PodSpec cronJobPod() {
        return cronJob().getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    }

    static Container appContainer() {
        return appContainer(cronJobPod(), CRONJOB);
    }

    static PodSpec workerPod() {
        return workerDeployment().getSpec().getTemplate().getSpec();
    }

    static Container workerContainer() {
        return appContainer(workerPod(), WORKER_DEPLOYMENT);
    }

    private static Container appContainer(PodSpec pod, String file) {
        return pod.getContainers().stream().filter(c -> APP_CONTAINER.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container named " + APP_CONTAINER + " in " + file));
    }

    /** Every pod template of the deployable manifests: the CronJob's, the workers', the dev database's. */
    static List<PodSpec> podTemplates() {
        return List.of(cronJobPod(), workerPod(), postgresStatefulSet().getSpec().getTemplate().getSpec());
    }

    /** A container's variable by name. */
    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in container " + container.getName()));
    }

    /**
     * The environment an application container sees, as the kubelet builds it: the ConfigMap of its envFrom, then
     * its env on top; a downward-API field reads {@code fieldValue}, a Secret's key reads {@code from-secret}.
     */
    static Map<String, String> environment(Container container, String fieldValue) {
        Map<String, String> config = configMap().getData();
        Map<String, String> env = new HashMap<>(config);
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                env.put(var.getName(), config.get(var.getValueFrom().getConfigMapKeyRef().getKey()));
            } else if (var.getValueFrom().getFieldRef() != null) {
                env.put(var.getName(), fieldValue);
            } else {
                env.put(var.getName(), "from-secret");
            }
        }
        return env;
    }

    /** All containers of a pod, init containers first. */
    static List<Container> allContainers(PodSpec pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        all.addAll(pod.getContainers());
        return all;
    }

    /**
     * The fields fabric8 did not recognise (it keeps them as "additional properties" instead of failing): a misspelt
     * or misplaced field, which the API server would reject or silently drop. Paths like
     * {@code spec.jobTemplate.spec.foo}.
     */
    static List<String> unknownFields(Object resource) {
        List<String> found = new ArrayList<>();
        collectUnknown(resource, "", found);
        return found;
    }

    private static void collectUnknown(Object node, String path, List<String> found) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknown(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "[" + k + "]", found));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path.isEmpty() ? String.valueOf(k) : path + "." + k));
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                collectUnknown(value, path.isEmpty() ? field : path + "." + field, found);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Could not read " + getter, e);
        }
    }

    /**
     * Spring Boot's view of a container environment: binds properties from environment variables exactly as the
     * application would (relaxed binding, Boot's conversions), and from nothing else.
     */
    static Binder springBinder(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(env)));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment);
    }

    /**
     * Kubernetes' expansion of {@code $(VAR)} references in a container's command and args: a defined variable is
     * replaced, {@code $$} is a literal {@code $}, anything else stays as written.
     */
    static String expand(String input, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '$' && i + 1 < input.length() && input.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < input.length() && input.charAt(i + 1) == '(') {
                int close = input.indexOf(')', i + 2);
                String name = close < 0 ? null : input.substring(i + 2, close);
                if (name != null && env.containsKey(name)) {
                    out.append(env.get(name));
                    i = close;
                } else {
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
