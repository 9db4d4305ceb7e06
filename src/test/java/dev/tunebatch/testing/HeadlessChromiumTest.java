package dev.tunebatch.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the real-browser checks find Chromium, and how CI's requirement for it is read; no browser is started. */
class HeadlessChromiumTest {

    @TempDir
    Path dir;

    private static Path executable(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path file = Files.writeString(folder.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void chromiumIsFoundOnThePathUnderAnyOfItsNamesInOrder() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        executable(first, "google-chrome");
        Path chromium = executable(second, "chromium");
        Files.writeString(first.resolve("chromium-browser"), "not executable");
        String path = first + File.pathSeparator + second;

        assertThat(HeadlessChromium.find(null, path)).get().extracting(HeadlessChromium::binary)
                .as("chromium before google-chrome, a file that is not executable skipped").isEqualTo(chromium);
        assertThat(HeadlessChromium.find("", first.toString())).get().extracting(HeadlessChromium::binary)
                .isEqualTo(first.resolve("google-chrome"));
        assertThat(HeadlessChromium.find(null, dir.resolve("empty").toString())).isEmpty();
        assertThat(HeadlessChromium.find(null, null)).isEmpty();
    }

    @Test
    void chromiumBinWinsAndMustBeExecutable() throws IOException {
        Path own = executable(dir.resolve("own"), "my-chromium");
        Path onPath = executable(dir.resolve("path"), "chromium");

        assertThat(HeadlessChromium.find(own.toString(), onPath.getParent().toString())).get()
                .extracting(HeadlessChromium::binary).isEqualTo(own);
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> HeadlessChromium.find(plain.toString(), onPath.getParent().toString()))
                .hasMessage("CHROMIUM_BIN='" + plain + "' is not an executable file: point it at a Chromium binary, "
                        + "or unset it to look for chromium on the PATH.");
    }

    @Test
    void theRequirementIsTrueOrFalseAndNothingElse() {
        assertThat(HeadlessChromium.required(null)).isFalse();
        assertThat(HeadlessChromium.required(" ")).isFalse();
        assertThat(HeadlessChromium.required("false")).isFalse();
        assertThat(HeadlessChromium.required("TRUE")).isTrue();
        assertThatThrownBy(() -> HeadlessChromium.required("1")).hasMessage("TUNEBATCH_REQUIRE_CHROMIUM='1' is "
                + "neither true nor false: set it to true to require Chromium for the real-browser checks, or unset "
                + "it.");
    }
}
