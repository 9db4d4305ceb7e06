package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** kustomization.yaml lists exactly the deployable manifests, and its image overrides hit real containers. */
class KustomizationTest {

    private final GenericKubernetesResource kustomization = Manifests.kustomization();

    @Test
    void isAKustomizationWithANamespace() {
        assertThat(kustomization.getApiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.getKind()).isEqualTo("Kustomization");
        assertThat((String) kustomization.get("namespace")).isNotBlank();
    }

    @Test
    void listsEveryManifestButThePlaceholderSecrets() {
        List<String> resources = kustomization.get("resources");
        resources.forEach(r -> assertThat(Files.isRegularFile(Manifests.DIR.resolve(r))).as(r).isTrue());
        assertThat(resources).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(Manifests.PLACEHOLDER_SECRETS)
                .containsExactlyInAnyOrderElementsOf(Manifests.yamlFiles().stream()
                        .filter(f -> !f.equals(Manifests.KUSTOMIZATION) && !Manifests.PLACEHOLDER_SECRETS.contains(f))
                        .toList());
    }

    @Test
    void everyImageOverrideNamesAContainerImageAndAgreesWithItsTag() {
        List<Map<String, Object>> images = kustomization.get("images");
        List<String> containerImages = new ArrayList<>();
        for (PodSpec pod : Manifests.podTemplates()) {
            Manifests.allContainers(pod).stream().map(Container::getImage).forEach(containerImages::add);
        }
        assertThat(images).isNotEmpty().allSatisfy(image -> {
            String name = (String) image.get("name");
            assertThat(containerImages).as("images[].name %s", name).anyMatch(i -> name.equals(repository(i)));
            assertThat(image.get("newTag")).as("%s is pinned", name).isNotNull();
            // The manifests carry the same tag, so a plain `kubectl apply -f` deploys the same image.
            containerImages.stream().filter(i -> name.equals(repository(i)))
                    .forEach(i -> assertThat(i).isEqualTo(name + ":" + image.get("newTag")));
        });
        assertThat(images).extracting(i -> i.get("name")).contains(repository(Manifests.appContainer().getImage()));
        assertThat(containerImages).as("every container image is managed here")
                .allSatisfy(i -> assertThat(images).extracting(x -> x.get("name")).contains(repository(i)));
    }

    /** An image reference without its tag or digest. */
    private static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }
}
