package dev.tunebatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} package) run as a child process with a fresh profile and no
 * network features, to check what a page looks like after its scripts ran. {@code CHROMIUM_BIN} overrides the
 * binary's path.
 */
public final class HeadlessChromium {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The installed browser; fails, saying how to install it, when it is missing. */
    public static HeadlessChromium installed() {
        String env = System.getenv("CHROMIUM_BIN");
        Path binary = Path.of(env == null || env.isBlank() ? "/usr/bin/chromium" : env);
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("Headless Chromium is needed at " + binary + " to test the HTML report. Install "
                    + "it with 'apt-get install -y chromium' (CI's .ci/run does), or set CHROMIUM_BIN to a Chromium "
                    + "binary.");
        }
        return new HeadlessChromium(binary);
    }

    /** The DOM of {@code page} (opened with {@code fragment}, e.g. {@code "#sort=score"}) after its scripts ran. */
    public String dumpDom(Path page, String fragment) {
        return new String(run(List.of("--dump-dom", url(page, fragment))), StandardCharsets.UTF_8);
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

    private byte[] run(List<String> arguments) {
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
            return Files.readAllBytes(stdout);
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
