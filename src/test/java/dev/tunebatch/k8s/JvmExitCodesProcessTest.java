package dev.tunebatch.k8s;

import dev.tunebatch.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit codes the JVM itself gives, which {@code podFailurePolicy} and the exit-code tables list: a child JVM
 * with the image's JVM options (the ConfigMap's {@code JAVA_TOOL_OPTIONS} and the entrypoint's flags) that runs out
 * of heap exits 3, and a JVM killed with SIGKILL exits 137.
 */
class JvmExitCodesProcessTest {

    @TempDir
    Path work;

    @Test
    void aJvmOutOfHeapExits3WithTheImagesOptions() throws Exception {
        List<String> options = imageJvmOptions();
        assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
        Path out = work.resolve("oom.out");
        ChildJvm.Running child = ChildJvm.of(OutOfMemoryChild.class).jvmOptions(options).jvmOptions("-Xmx32m")
                .output(out).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(Files.readString(out)).isEqualTo(PodFailurePolicyTest.JVM_OUT_OF_MEMORY);
        assertThat(Files.readString(out)).contains("Terminating due to java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void aJvmKilledWithSigkillExits137() throws Exception {
        Path out = work.resolve("sleep.out");
        ChildJvm.Running child = ChildJvm.of(OutOfMemoryChild.class).output(out).start("sleep");
        try {
            child.awaitOutput("sleeping", Duration.ofSeconds(60));
            child.kill();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.kill();
        }
        assertThat(child.exitValue()).isEqualTo(PodFailurePolicyTest.SIGKILL);
    }

    /**
     * The options the image's JVM starts with: {@code JAVA_TOOL_OPTIONS} from the ConfigMap (which replaces the
     * image's), then the entrypoint's options before {@code -jar}.
     */
    private static List<String> imageJvmOptions() {
        List<String> options = new ArrayList<>(List.of(Manifests.configMap().getData().get("JAVA_TOOL_OPTIONS")
                .trim().split("\\s+")));
        String entrypoint = Dockerfile.parse(Manifests.DIR.resolve("Dockerfile")).finalStage().last("ENTRYPOINT")
                .orElseThrow().arguments();
        List<String> words = List.of(entrypoint.replaceAll("[\\[\\]\"]", "").split("\\s*,\\s*"));
        assertThat(words.get(0)).isEqualTo("java");
        options.addAll(words.subList(1, words.indexOf("-jar")));
        return options;
    }
}
