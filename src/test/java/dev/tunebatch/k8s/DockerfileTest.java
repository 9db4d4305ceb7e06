package dev.tunebatch.k8s;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code k8s/Dockerfile}, checked by parsing (no Docker engine on our CI): a multi-stage build of the layered Boot
 * jar into a JRE image that runs as a non-root user with java as PID 1.
 */
class DockerfileTest {

    /** Spring Boot's default layers, in the order that puts what changes least first. */
    private static final List<String> BOOT_LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    private final Dockerfile dockerfile = Dockerfile.parse(Manifests.DIR.resolve("Dockerfile"));
    private final Dockerfile.Stage runtime = dockerfile.finalStage();

    @Test
    void parsesContinuationsCommentsAndStages() {
        Dockerfile parsed = Dockerfile.parse(List.of("# syntax=docker/dockerfile:1", "ARG V=1", "FROM a:1 AS one",
                "RUN x \\", "  # a comment inside", "  && y", "FROM b", "USER 5"));
        assertThat(parsed.directives()).containsEntry("syntax", "docker/dockerfile:1");
        assertThat(parsed.stages()).extracting(Dockerfile.Stage::name).containsExactly("one", null);
        assertThat(parsed.stages().get(0).instructions().get(0).arguments()).isEqualTo("x && y");
        assertThat(parsed.finalStage().last("USER")).hasValueSatisfying(u -> assertThat(u.arguments()).isEqualTo("5"));
    }

    @Test
    void buildsWithAJdkOf21OrLaterAndRunsOnAJreOf21OrLater() {
        assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
        Dockerfile.Stage build = buildStage();
        assertThat(build.image()).contains("jdk");
        assertThat(javaMajor(build.image())).isGreaterThanOrEqualTo(21);
        assertThat(runtime.image()).contains("jre");
        assertThat(javaMajor(runtime.image())).isGreaterThanOrEqualTo(21);
    }

    @Test
    void theBuildStagePackagesWithTheWrapperAndExtractsTheLayers() {
        String runs = String.join(" && ", buildStage().all("RUN").stream().map(Dockerfile.Instruction::arguments)
                .toList());
        assertThat(runs).contains("./mvnw").contains("-B").contains("-DskipTests").contains(" package");
        assertThat(runs).contains("-Djarmode=tools").contains(" extract").contains("--layers");
        if (runs.contains("--mount=")) {
            assertThat(dockerfile.directives()).as("RUN --mount needs the dockerfile:1 frontend").containsKey("syntax");
        }
    }

    @Test
    void theRuntimeCopiesTheFourBootLayersSeparatelyInOrder() {
        String build = buildStage().name();
        List<String> layers = runtime.all("COPY").stream()
                .filter(c -> build.equals(c.flags().get("from")))
                .map(c -> c.operands().get(0).replaceAll("/+$", ""))
                .map(source -> source.substring(source.lastIndexOf('/') + 1))
                .toList();
        assertThat(layers).containsExactlyElementsOf(BOOT_LAYERS);
    }

    @Test
    void theEntrypointIsExecFormJavaRunningTheExtractedJar() {
        assertThat(runtime.all("ENTRYPOINT")).hasSize(1);
        assertThat(runtime.all("CMD")).as("the CronJob's args are the only arguments").isEmpty();
        List<String> entrypoint = execForm(runtime.last("ENTRYPOINT").orElseThrow().arguments());
        assertThat(entrypoint).first().isEqualTo("java");
        int jar = entrypoint.indexOf("-jar");
        assertThat(jar).as("java -jar <application jar>").isPositive();
        Matcher name = Pattern.compile("--application-filename[= ](\\S+)").matcher(
                String.join(" ", buildStage().all("RUN").stream().map(Dockerfile.Instruction::arguments).toList()));
        assertThat(name.find()).as("the extraction names the application jar").isTrue();
        assertThat(entrypoint.get(jar + 1)).isEqualTo(name.group(1));
    }

    @Test
    void theJvmGetsAHeapCapRelativeToTheContainersMemory() {
        String env = String.join(" ", runtime.all("ENV").stream().map(Dockerfile.Instruction::arguments).toList());
        String entrypoint = runtime.last("ENTRYPOINT").orElseThrow().arguments();
        assertThat(env + " " + entrypoint).contains("-XX:MaxRAMPercentage=");
    }

    @Test
    void theRuntimeRunsAsTheNonRootUserTheCronJobExpects() {
        String user = runtime.last("USER").orElseThrow(() -> new AssertionError("no USER in the final stage"))
                .arguments();
        assertThat(user).as("numeric uid[:gid], so Kubernetes can verify runAsNonRoot").matches("\\d+(:\\d+)?");
        long uid = Long.parseLong(user.split(":")[0]);
        assertThat(uid).isPositive();
        assertThat(Manifests.cronJobPod().getSecurityContext().getRunAsUser()).isEqualTo(uid);
        int userAt = runtime.instructions().indexOf(runtime.last("USER").orElseThrow());
        assertThat(runtime.instructions().subList(userAt + 1, runtime.instructions().size()))
                .as("nothing after USER switches back").extracting(Dockerfile.Instruction::keyword)
                .doesNotContain("USER");
    }

    @Test
    void theBuildContextFilterLetsInExactlyWhatTheBuildCopies() throws IOException {
        List<String> ignore = Files.readAllLines(Manifests.DIR.resolve("Dockerfile.dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignore).first().as("deny everything, then allow").isEqualTo("*");
        List<String> allowed = ignore.stream().filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1).replaceAll("/+$", "")).toList();
        for (Dockerfile.Instruction copy : buildStage().all("COPY")) {
            assertThat(copy.flags()).doesNotContainKey("from");
            List<String> sources = copy.operands().subList(0, copy.operands().size() - 1);
            for (String source : sources) {
                String path = source.replaceAll("/+$", "");
                assertThat(allowed).as("COPY %s is let into the context", source).contains(path);
                assertThat(Files.exists(Path.of(path))).as("%s exists in the repository", path).isTrue();
            }
        }
    }

    private Dockerfile.Stage buildStage() {
        List<String> from = runtime.all("COPY").stream().map(c -> c.flags().get("from")).filter(f -> f != null)
                .distinct().toList();
        assertThat(from).as("the runtime copies from one build stage").hasSize(1);
        return dockerfile.stage(from.get(0)).orElseThrow(() -> new AssertionError("no stage named " + from.get(0)));
    }

    private static int javaMajor(String image) {
        Matcher m = Pattern.compile(":(\\d+)").matcher(image);
        assertThat(m.find()).as("%s has a tag starting with the Java version", image).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<String> execForm(String arguments) {
        try {
            return JsonMapper.builder().build().readValue(arguments, new TypeReference<List<String>>() {
            });
        } catch (JacksonException e) {
            return fail("not exec form (a JSON array): " + arguments, e);
        }
    }
}
