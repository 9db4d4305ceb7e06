package dev.tunebatch.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(options);
        command.addAll(List.of("-Xmx32m", "-cp", System.getProperty("java.class.path"),
                OutOfMemoryChild.class.getName()));
        Path out = work.resolve("oom.out");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(Files.readString(out)).isEqualTo(PodFailurePolicyTest.JVM_OUT_OF_MEMORY);
        assertThat(Files.readString(out)).contains("Terminating due to java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void aJvmKilledWithSigkillExits137() throws Exception {
        Path out = work.resolve("sleep.out");
        Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                OutOfMemoryChild.class.getName(), "sleep").redirectErrorStream(true).redirectOutput(out.toFile())
                .start();
        try {
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("sleeping"));
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
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

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
