package dev.tunebatch.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every image reference — the containers of the manifests, the Dockerfile's base images and its syntax frontend,
 * kustomize's overrides — names an exact version (a tag of at least major.minor, or a digest), never a moving one
 * such as {@code latest} or {@code 17}; the application's own image carries the project's version.
 */
class ImageVersionsTest {

    /** major.minor[.patch...] then, optionally, a variant: 17.6, 21.0.8_9-jre, 1.10.0, 0.1.0-SNAPSHOT. */
    private static final Pattern EXACT_TAG = Pattern.compile("\\d+\\.\\d+(\\.\\d+)*([_.+-][0-9A-Za-z._-]+)?");
    private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");

    @Test
    void theRuleTellsExactVersionsFromMovingOnes() {
        assertThat(List.of("postgres:17.6", "eclipse-temurin:21.0.8_9-jre", "docker/dockerfile:1.10.0",
                "registry.example.com:5000/team/tunebatch:0.1.0", "postgres@sha256:" + "ab".repeat(32)))
                .allMatch(ImageVersionsTest::exact);
        assertThat(List.of("postgres", "postgres:17", "postgres:latest", "eclipse-temurin:21-jre",
                "docker/dockerfile:1", "registry.example.com:5000/team/tunebatch"))
                .noneMatch(ImageVersionsTest::exact);
    }

    @Test
    void everyContainerImageIsExact() {
        List<String> images = new ArrayList<>();
        for (PodSpec pod : Manifests.podTemplates()) {
            Manifests.allContainers(pod).stream().map(Container::getImage).forEach(images::add);
        }
        assertThat(images).hasSizeGreaterThanOrEqualTo(3).allSatisfy(i -> assertThat(exact(i)).as(i).isTrue());
    }

    @Test
    void everyKustomizeOverrideIsExact() {
        List<Map<String, Object>> overrides = Manifests.kustomization().get("images");
        assertThat(overrides).isNotEmpty().allSatisfy(o -> {
            String reference = o.get("name")
                    + (o.get("digest") != null ? "@" + o.get("digest") : ":" + o.get("newTag"));
            assertThat(exact(reference)).as(reference).isTrue();
        });
    }

    @Test
    void theDockerfilesBaseImagesAndFrontendAreExact() {
        Dockerfile dockerfile = Dockerfile.parse(Manifests.DIR.resolve("Dockerfile"));
        List<String> names = dockerfile.stages().stream().map(Dockerfile.Stage::name).toList();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            if (!names.contains(stage.image())) {
                assertThat(exact(stage.image())).as("FROM %s", stage.image()).isTrue();
            }
        }
        String syntax = dockerfile.directives().get("syntax");
        assertThat(syntax).as("# syntax=").isNotNull();
        assertThat(exact(syntax)).as("# syntax=%s", syntax).isTrue();
    }

    @Test
    void theApplicationImageCarriesTheProjectVersion() throws IOException {
        String image = Manifests.appContainer().getImage();
        assertThat(image.substring(image.lastIndexOf(':') + 1)).isEqualTo(projectVersion());
    }

    /** Whether an image reference pins an exact version. */
    static boolean exact(String image) {
        if (DIGEST.matcher(image).find()) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        if (colon < 0 || colon < image.lastIndexOf('/')) {
            return false;
        }
        return EXACT_TAG.matcher(image.substring(colon + 1)).matches();
    }

    /** The version of pom.xml's project (the first version after its own artifactId). */
    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>tunebatch</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("the project's version in pom.xml").isTrue();
        return m.group(1);
    }
}
