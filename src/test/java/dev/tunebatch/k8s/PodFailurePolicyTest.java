package dev.tunebatch.k8s;

import dev.tunebatch.batch.launch.ExitCodes;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Job's {@code podFailurePolicy} against {@link ExitCodes}: what fails the night at once, what is retried, and
 * what does not count as a failure at all.
 */
class PodFailurePolicyTest {

    /** A JVM ended by SIGTERM: 128 + 15. */
    static final int SIGTERM = 143;
    /** A JVM killed by SIGKILL (128 + 9): the kernel's OOM killer at the memory limit, or the grace period ran out. */
    static final int SIGKILL = 137;
    /** A JVM out of heap with {@code -XX:+ExitOnOutOfMemoryError} (the image's entrypoint). */
    static final int JVM_OUT_OF_MEMORY = 3;
    /** Exit codes the JVM or the kernel give, not the application. */
    static final Set<Integer> JVM_CODES = Set.of(JVM_OUT_OF_MEMORY, SIGKILL, SIGTERM);

    private final List<PodFailurePolicyRule> rules =
            Manifests.cronJob().getSpec().getJobTemplate().getSpec().getPodFailurePolicy().getRules();

    @Test
    void operatorCasesAndBadInputFailTheJobAtOnce() {
        for (int code : List.of(ExitCodes.ABANDONED, ExitCodes.UNKNOWN, ExitCodes.USAGE, ExitCodes.CONFIG)) {
            assertThat(action(code, Set.of())).as("exit %d", code).isEqualTo("FailJob");
        }
    }

    @Test
    void whatARerunResumesIsCountedAgainstTheBackoffLimit() {
        for (int code : List.of(ExitCodes.INTERNAL_ERROR, ExitCodes.STOPPED, ExitCodes.FAILED, ExitCodes.UNAVAILABLE,
                ExitCodes.BUSY, SIGTERM)) {
            assertThat(action(code, Set.of())).as("exit %d", code).isEqualTo("Count");
        }
    }

    @Test
    void theJvmsOwnEndsAreRetriedAndCounted() {
        for (int code : JVM_CODES) {
            assertThat(action(code, Set.of())).as("exit %d", code).isEqualTo("Count");
        }
        assertThat(action(SIGKILL, Set.of("DisruptionTarget"))).as("killed by an eviction: not counted")
                .isEqualTo("Ignore");
    }

    @Test
    void everyCodeThePolicyNamesIsExplainedInBothExitCodeTables() throws IOException {
        List<Integer> mapped = mappedCodes();
        for (Path readme : List.of(Path.of("README.md"), Manifests.DIR.resolve("README.md"))) {
            assertThat(tableCodes(readme)).as("exit codes in the table of %s", readme).containsAll(mapped);
        }
    }

    /** Every exit code some rule names, in rule order. */
    private List<Integer> mappedCodes() {
        return rules.stream().filter(r -> r.getOnExitCodes() != null)
                .flatMap(r -> r.getOnExitCodes().getValues().stream()).toList();
    }

    /** The codes of the rows of a Markdown table whose first cell is one or more codes, e.g. {@code | 6 / 7 |}. */
    private static Set<Integer> tableCodes(Path readme) throws IOException {
        Set<Integer> codes = new TreeSet<>();
        Pattern row = Pattern.compile("^\\|\\s*(\\d+(?:\\s*/\\s*\\d+)*)\\s*\\|");
        for (String line : Files.readAllLines(readme)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                Stream.of(m.group(1).split("/")).map(String::strip).map(Integer::valueOf).forEach(codes::add);
            }
        }
        return codes;
    }

    @Test
    void aDisruptedPodIsRetriedWithoutCountingWhateverItsExitCode() {
        assertThat(rules.get(0).getAction()).isEqualTo("Ignore");
        assertThat(rules.get(0).getOnPodConditions()).extracting(PodFailurePolicyOnPodConditionsPattern::getType)
                .containsExactly("DisruptionTarget");
        assertThat(action(SIGTERM, Set.of("DisruptionTarget"))).isEqualTo("Ignore");
        assertThat(action(ExitCodes.CONFIG, Set.of("DisruptionTarget"))).isEqualTo("Ignore");
    }

    @Test
    void everyNonZeroExitCodeOfTheApplicationHasExactlyOneRule() throws IllegalAccessException {
        Map<String, Integer> constants = new TreeMap<>();
        for (Field f : ExitCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                constants.put(f.getName(), f.getInt(null));
            }
        }
        assertThat(constants).containsKeys("COMPLETED", "STOPPED", "FAILED", "ABANDONED", "UNKNOWN", "BUSY");
        List<Integer> mapped = mappedCodes();
        constants.forEach((name, code) -> {
            if (code != ExitCodes.COMPLETED) {
                assertThat(mapped).as("ExitCodes.%s (%d): add it to podFailurePolicy in k8s/cronjob.yaml", name, code)
                        .containsOnlyOnce(code);
            }
        });
        Set<Integer> known = constants.values().stream().collect(Collectors.toSet());
        assertThat(mapped).as("codes neither the application nor the JVM gives")
                .allMatch(c -> known.contains(c) || JVM_CODES.contains(c));
    }

    @Test
    void exitCodeRulesAreValidForTheApiServer() {
        assertThat(rules).hasSizeLessThanOrEqualTo(20);
        for (PodFailurePolicyRule rule : rules) {
            assertThat(rule.getAction()).isIn("FailJob", "Ignore", "Count", "FailIndex");
            assertThat(rule.getOnExitCodes() == null).as("exactly one of onExitCodes and onPodConditions")
                    .isNotEqualTo(rule.getOnPodConditions() == null || rule.getOnPodConditions().isEmpty());
            PodFailurePolicyOnExitCodesRequirement codes = rule.getOnExitCodes();
            if (codes == null) {
                continue;
            }
            assertThat(codes.getContainerName()).as("only the application's own exit codes")
                    .isEqualTo(Manifests.APP_CONTAINER);
            assertThat(codes.getOperator()).isEqualTo("In");
            assertThat(codes.getValues()).isNotEmpty().hasSizeLessThanOrEqualTo(255).isSorted()
                    .doesNotHaveDuplicates().doesNotContain(0);
        }
    }

    /**
     * The Job controller's decision for a failed pod: the first matching rule's action, or "no rule" (which the
     * controller counts too; the tests want every code of ours decided explicitly).
     */
    private String action(int exitCode, Set<String> podConditions) {
        for (PodFailurePolicyRule rule : rules) {
            PodFailurePolicyOnExitCodesRequirement codes = rule.getOnExitCodes();
            boolean matches = codes != null
                    ? (Manifests.APP_CONTAINER.equals(codes.getContainerName()) || codes.getContainerName() == null)
                      && codes.getValues().contains(exitCode) == "In".equals(codes.getOperator())
                    : rule.getOnPodConditions().stream().anyMatch(p -> podConditions.contains(p.getType()));
            if (matches) {
                return rule.getAction();
            }
        }
        return "no rule";
    }
}
