package dev.tunebatch.testing;

import dev.tunebatch.app.TunebatchApplication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Starts a main class in a child JVM on the test class path, the way every process test kills, stops and restarts
 * the programs it checks: JVM options, system properties, arguments, environment and working directory of the test's
 * choosing; standard output and error to files (apart, or merged into one). A {@link Running} child can be killed
 * with SIGKILL, stopped with SIGTERM, suspended and resumed with SIGSTOP/SIGCONT, awaited with a timeout, and its
 * output read or awaited.
 *
 * <p>The settings are kept between starts, so one {@code ChildJvm} can start several children, also at once (each
 * with output files of its own unless {@link #output} names them).
 */
public final class ChildJvm {

    /** How long {@link Running#kill()} waits for the killed child to be gone. */
    private static final long KILL_WAIT_SECONDS = 30;

    /** The JVM options of {@code spring-boot:run} (pom.xml), with which users run the application. */
    private static final List<String> APPLICATION_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "-XX:+IgnoreUnrecognizedVMOptions", "--sun-misc-unsafe-memory-access=allow", "-Xmx512m",
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path directory;
    private Path out;
    private Path err;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    /** A child that runs {@code mainClass}. */
    public static ChildJvm of(Class<?> mainClass) {
        return new ChildJvm(mainClass.getName());
    }

    /**
     * The real application ({@link TunebatchApplication#main}) as users run it, with the JVM options of
     * {@code spring-boot:run}, in {@code workDir}, standard output and error apart.
     */
    public static ChildJvm application(Path workDir) {
        return of(TunebatchApplication.class).jvmOptions(APPLICATION_OPTIONS).directory(workDir);
    }

    /** Adds JVM options (before the main class). */
    public ChildJvm jvmOptions(String... options) {
        return jvmOptions(List.of(options));
    }

    /** Adds JVM options (before the main class). */
    public ChildJvm jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    /** Sets a system property of the child ({@code -Dname=value}). */
    public ChildJvm systemProperty(String name, String value) {
        jvmOptions.add("-D" + name + "=" + value);
        return this;
    }

    /** Adds arguments of the main class, before those given to {@link #start}. */
    public ChildJvm args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Sets an environment variable of the child (e.g. a password, kept off the command line). */
    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Points the child's {@code spring.datasource} at a database, through the environment. */
    public ChildJvm database(String url, String user, String password) {
        return env("SPRING_DATASOURCE_URL", url).env("SPRING_DATASOURCE_USERNAME", user)
                .env("SPRING_DATASOURCE_PASSWORD", password == null ? "" : password);
    }

    /** Runs the child in {@code workDir} (else in this JVM's working directory). */
    public ChildJvm directory(Path workDir) {
        this.directory = workDir;
        return this;
    }

    /**
     * Standard output and error, merged, to {@code file} (else each start writes two fresh files apart, in the working
     * directory, or in the temporary directory until this JVM exits).
     */
    public ChildJvm output(Path file) {
        return output(file, null);
    }

    /** Standard output to {@code outFile}, standard error to {@code errFile} ({@code null}: merged into output). */
    public ChildJvm output(Path outFile, Path errFile) {
        this.out = outFile;
        this.err = errFile;
        return this;
    }

    /** Starts a child with {@code moreArgs} after the arguments set. */
    public Running start(String... moreArgs) throws IOException {
        Path outFile = out;
        Path errFile = err;
        if (outFile == null) {
            Path folder = directory == null ? Path.of(System.getProperty("java.io.tmpdir")) : directory;
            outFile = Files.createTempFile(folder, "child", ".out");
            errFile = Files.createTempFile(folder, "child", ".err");
            if (directory == null) {
                outFile.toFile().deleteOnExit();
                errFile.toFile().deleteOnExit();
            }
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        command.addAll(List.of(moreArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(outFile.toFile());
        if (errFile == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(errFile.toFile());
        }
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(env);
        return new Running(builder.start(), outFile, errFile, String.join(" ", moreArgs));
    }

    /** Starts a child with {@code moreArgs} and waits for it to end (at most {@code timeoutSeconds}). */
    public Result run(long timeoutSeconds, String... moreArgs) throws IOException, InterruptedException {
        return start(moreArgs).awaitExit(timeoutSeconds);
    }

    /** Waits until the lines of {@code file} (none while it does not exist) satisfy {@code condition}. */
    public static void awaitLines(Path file, Duration atMost, Predicate<List<String>> condition) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> condition.test(read(file).lines()
                .toList()));
    }

    /** Waits until {@code file} holds {@code text}. */
    public static void awaitText(Path file, Duration atMost, String text) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> read(file).contains(text));
    }

    /** What {@code file} holds so far; empty while it does not exist. */
    public static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * How a child ended.
     *
     * @param exitCode its exit code (137 after SIGKILL, 143 after SIGTERM unless it handled it)
     * @param out      its standard output (with its standard error, when merged)
     * @param err      its standard error (empty when merged into the output)
     */
    public record Result(int exitCode, String out, String err) {

        /** The non-blank lines of standard error. */
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    /** A started child. Closing it kills it if it still runs. */
    public static final class Running implements AutoCloseable {

        private final Process process;
        private final Path out;
        private final Path err;
        private final String args;

        private Running(Process process, Path out, Path err, String args) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.args = args;
        }

        /** The child's process. */
        public Process process() {
            return process;
        }

        /** Whether the child still runs. */
        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits at most {@code timeout} for the child to end; whether it did. */
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            return process.waitFor(timeout, unit);
        }

        /** The exit code of the ended child. */
        public int exitValue() {
            return process.exitValue();
        }

        /** Kills the child with SIGKILL and waits (at most 30 s) for it to be gone. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Asks the child to stop with SIGTERM, as an orchestrator does; returns at once. */
        public void terminate() {
            process.destroy();
        }

        /** Suspends the child with SIGSTOP (a frozen process: alive, holding its connections, doing nothing). */
        public void suspend() throws IOException, InterruptedException {
            signal("STOP");
        }

        /** Resumes a suspended child with SIGCONT. */
        public void resume() throws IOException, InterruptedException {
            signal("CONT");
        }

        private void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + said);
            }
        }

        /** What the child wrote to standard output so far (with standard error, when merged). */
        public String out() {
            return read(out);
        }

        /** What the child wrote to standard error so far (empty when merged into the output). */
        public String err() {
            return err == null ? "" : read(err);
        }

        /** The file the child's standard output goes to. */
        public Path outFile() {
            return out;
        }

        /** Waits until the child's standard output holds {@code text}. */
        public Running awaitOutput(String text, Duration atMost) {
            awaitText(out, atMost, text);
            return this;
        }

        /**
         * Waits for the child to end; if it does not within {@code timeoutSeconds}, kills it and fails with what it
         * printed.
         */
        public Result awaitExit(long timeoutSeconds) throws InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill();
                throw new AssertionError("the child did not end within " + timeoutSeconds + " s: " + args + "\n"
                        + out() + "\n" + err());
            }
            return new Result(process.exitValue(), out(), err());
        }

        /** Kills the child with SIGKILL if it still runs. */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }
}
