package dev.tunebatch.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium run as a child process with a fresh profile and no network features, to check what a
 * page looks like after its scripts ran. Found at {@code CHROMIUM_BIN}, else as {@code chromium} (Debian's package),
 * {@code chromium-browser} or {@code google-chrome} on the {@code PATH}. A machine without it skips the real-browser
 * checks with one line saying so, unless {@code TUNEBATCH_REQUIRE_CHROMIUM=true} (as in CI) makes that a failure.
 */
public final class HeadlessChromium {

    /** The environment variable that makes a missing Chromium fail the real-browser checks instead of skipping them. */
    public static final String REQUIRE = "TUNEBATCH_REQUIRE_CHROMIUM";

    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long TIMEOUT_SECONDS = 60;
    /** A console message in Chromium's log: {@code [pid:tid:time:INFO:CONSOLE:line] "message", source: url (line)}. */
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(][^]]*]\\s*(.*)$");

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /**
     * The installed browser. Without one: fails when {@value #REQUIRE} is {@code true}; otherwise skips the calling
     * test, printing (once per JVM) one line that says the real-browser check {@code check} did not run and how to run
     * it.
     */
    public static HeadlessChromium installedOrSkip(String check) {
        boolean required = required(System.getenv(REQUIRE));
        Optional<HeadlessChromium> found = find(System.getenv("CHROMIUM_BIN"), System.getenv("PATH"));
        if (found.isPresent()) {
            return found.get();
        }
        String looked = "no Chromium found (CHROMIUM_BIN, or " + String.join(", ", NAMES) + " on the PATH)";
        String install = "install Chromium (Debian: apt-get install -y chromium) or set CHROMIUM_BIN to its binary";
        if (required) {
            throw new AssertionError(REQUIRE + "=true requires " + check + ", but " + looked + ": " + install + ".");
        }
        String line = "Real-browser check skipped: " + looked + ", so " + check + " did not run. To run it, " + install
                + "; " + REQUIRE + "=true makes a missing Chromium a failure, as in .ci/run.";
        if (TOLD.compareAndSet(false, true)) {
            System.out.println(line);
        }
        return Assumptions.abort(line);
    }

    static boolean required(String setting) {
        if (setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (setting.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new AssertionError(REQUIRE + "='" + setting + "' is neither true nor false: set it to true to require "
                + "Chromium for the real-browser checks, or unset it.");
    }

    /** {@code chromiumBin} when set (which must then be executable), else the first browser found on {@code path}. */
    static Optional<HeadlessChromium> find(String chromiumBin, String path) {
        if (chromiumBin != null && !chromiumBin.isBlank()) {
            Path binary = Path.of(chromiumBin);
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("CHROMIUM_BIN='" + chromiumBin + "' is not an executable file: point it at a "
                        + "Chromium binary, or unset it to look for chromium on the PATH.");
            }
            return Optional.of(new HeadlessChromium(binary));
        }
        List<Path> directories = path == null ? List.of()
                : Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isBlank()).map(Path::of).toList();
        for (String name : NAMES) {
            for (Path directory : directories) {
                Path binary = directory.resolve(name);
                if (Files.isRegularFile(binary) && Files.isExecutable(binary)) {
                    return Optional.of(new HeadlessChromium(binary));
                }
            }
        }
        return Optional.empty();
    }

    Path binary() {
        return binary;
    }

    /** A page's DOM after its scripts ran, and what the page wrote to the console (errors, policy violations). */
    public record Dump(String dom, List<String> console) {
    }

    /** {@code page}, opened with {@code fragment} (e.g. {@code "#sort=score"}), after its scripts ran. */
    public Dump dumpDom(Path page, String fragment) {
        Output out = run(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", url(page, fragment)));
        List<String> console = out.stderr().stream().map(CONSOLE::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).toList();
        return new Dump(new String(out.stdout(), StandardCharsets.UTF_8), console);
    }

    /** A PNG screenshot of {@code page} at 1280 × {@code height}, written to {@code png}. */
    public void screenshot(Path page, Path png, int height) {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280," + height,
                "--hide-scrollbars", url(page, "")));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("Chromium wrote no screenshot to " + png);
        }
    }

    private static String url(Path page, String fragment) {
        return page.toAbsolutePath().toUri() + (fragment == null ? "" : fragment);
    }

    private record Output(byte[] stdout, List<String> stderr) {
    }

    private Output run(List<String> arguments) {
        Path profile = null;
        Path stdout = null;
        Path stderr = null;
        try {
            profile = Files.createTempDirectory("tunebatch-chromium-");
            stdout = Files.createTempFile("chromium-", ".out");
            stderr = Files.createTempFile("chromium-", ".err");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command
                        + "\n" + tail(stderr));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("Chromium exited with " + process.exitValue() + ": " + command + "\n"
                        + tail(stderr));
            }
            return new Output(Files.readAllBytes(stdout), Files.readAllLines(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run Chromium at " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while Chromium ran", e);
        } finally {
            deleteQuietly(profile);
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
