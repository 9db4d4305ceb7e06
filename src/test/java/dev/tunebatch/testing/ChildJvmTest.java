package dev.tunebatch.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The child-JVM launcher of the process tests, on a small child: what it is started with reaches it, its output is
 * read apart or merged, and each signal does what the tests rely on (SIGTERM ends it with 143, SIGKILL with 137,
 * SIGSTOP freezes it until SIGCONT).
 */
class ChildJvmTest {

    @TempDir
    Path work;

    /** The child: prints what it was given, then sleeps or ticks when asked to. */
    static final class Child {

        public static void main(String[] args) throws InterruptedException {
            System.out.println("args " + String.join(",", args));
            System.out.println("property " + System.getProperty("childjvm.property"));
            System.out.println("env " + System.getenv("CHILDJVM_ENV"));
            System.out.println("dir " + Path.of("").toAbsolutePath());
            System.err.println("to standard error");
            System.out.flush();
            if (args.length > 0 && args[0].equals("sleep")) {
                System.out.println("sleeping");
                System.out.flush();
                Thread.sleep(600_000);
            }
            for (int tick = 0; args.length > 0 && args[0].equals("tick"); tick++) {
                System.out.println("tick " + tick);
                System.out.flush();
                Thread.sleep(20);
            }
        }
    }

    @Test
    void theChildGetsItsArgumentsPropertiesEnvironmentAndDirectory() throws Exception {
        ChildJvm.Result result = ChildJvm.of(Child.class).systemProperty("childjvm.property", "p1")
                .env("CHILDJVM_ENV", "e1").directory(work).args("a", "b").run(120, "c");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("args a,b,c", "property p1", "env e1", "dir " + work.toAbsolutePath())
                .doesNotContain("to standard error");
        assertThat(result.errLines()).containsExactly("to standard error");
    }

    @Test
    void mergedOutputHoldsStandardErrorToo() throws Exception {
        Path out = work.resolve("merged.out");
        ChildJvm.Result result = ChildJvm.of(Child.class).output(out).run(120);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("args ", "to standard error").isEqualTo(Files.readString(out));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void sigtermEndsTheChildWith143AndSigkillWith137() throws Exception {
        ChildJvm.Running terminated = ChildJvm.of(Child.class).directory(work).start("sleep");
        ChildJvm.Running killed = ChildJvm.of(Child.class).directory(work).start("sleep");
        try {
            terminated.awaitOutput("sleeping", Duration.ofSeconds(60)).terminate();
            killed.awaitOutput("sleeping", Duration.ofSeconds(60)).kill();
            assertThat(terminated.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            terminated.close();
            killed.close();
        }
        assertThat(terminated.exitValue()).isEqualTo(143);
        assertThat(killed.isAlive()).isFalse();
        assertThat(killed.exitValue()).isEqualTo(137);
    }

    @Test
    void sigstopFreezesTheChildUntilSigcont() throws Exception {
        try (ChildJvm.Running child = ChildJvm.of(Child.class).directory(work).start("tick")) {
            child.awaitOutput("tick 1", Duration.ofSeconds(60));
            child.suspend();
            await().atMost(Duration.ofSeconds(30)).until(() -> state(child) == 'T');
            int ticks = ticks(child);
            assertThat(child.isAlive()).isTrue();
            assertThat(state(child)).as("still stopped").isEqualTo('T');
            assertThat(ticks(child)).as("a stopped child prints nothing").isEqualTo(ticks);

            child.resume();
            child.awaitOutput("tick " + (ticks + 2), Duration.ofSeconds(60));
            assertThat(state(child)).isNotEqualTo('T');
        }
    }

    @Test
    void aChildThatOutlivesItsTimeoutIsKilledAndTheFailureShowsItsOutput() throws Exception {
        ChildJvm launcher = ChildJvm.of(Child.class).directory(work);

        assertThatThrownBy(() -> launcher.run(1, "sleep")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not end within 1 s: sleep");
    }

    /** The process state letter Linux reports ({@code T} when stopped by a signal). */
    private static char state(ChildJvm.Running child) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(child.process().pid()), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
    }

    private static int ticks(ChildJvm.Running child) {
        return (int) child.out().lines().filter(l -> l.startsWith("tick ")).count();
    }
}
