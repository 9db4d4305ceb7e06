package dev.tunebatch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real application ({@link TunebatchApplication#main}) in a child JVM on the test class path, as users run
 * it: arguments, environment and working directory of our choosing; standard output and error captured apart.
 */
public final class ChildApp {

    /**
     * How a child ended.
     *
     * @param exitCode its exit code
     * @param out      its standard output
     * @param err      its standard error
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

    private final Path workDir;
    private final Map<String, String> env = new LinkedHashMap<>();

    /** A child that runs in {@code workDir}. */
    public ChildApp(Path workDir) {
        this.workDir = workDir;
    }

    /** Sets an environment variable of the children (e.g. a password, kept off the command line). */
    public ChildApp env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs the application with {@code args} and waits for it (at most {@code timeoutSeconds}). */
    public Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "child", ".out");
        Path err = Files.createTempFile(workDir, "child", ".err");
        Process p = start(out, err, args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the child did not end within " + timeoutSeconds + " s: " + String.join(" ", args)
                    + "\n" + Files.readString(out) + "\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts the application with {@code args}, its standard output to {@code out} and error to {@code err}. */
    public Process start(Path out, Path err, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the JVM options of spring-boot:run (pom.xml), then the test's own
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:+IgnoreUnrecognizedVMOptions", "--sun-misc-unsafe-memory-access=allow", "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                TunebatchApplication.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
