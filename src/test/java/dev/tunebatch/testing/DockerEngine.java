package dev.tunebatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a Docker engine answers, found without asking Testcontainers, whose own search logs errors on a machine
 * without Docker. Looks where Testcontainers looks first: {@code DOCKER_HOST}, {@code docker.host} in
 * {@code ~/.testcontainers.properties}, then the usual sockets of Docker, rootless Docker, Docker Desktop, Colima and
 * Rancher Desktop. A Unix socket must answer Docker's {@code GET /_ping}; a TCP endpoint must accept a connection.
 */
final class DockerEngine {

    private static final long PING_MILLIS = 2_000;

    private DockerEngine() {
    }

    /** Where a Docker engine answered, or empty when none did. */
    static Optional<String> answering() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Optional.of("the Windows named pipe (not probed; Testcontainers decides)");
        }
        for (String candidate : candidates()) {
            if (answers(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The endpoints looked at, in order, as URIs ({@code unix:///…}, {@code tcp://host:port}). */
    static List<String> candidates() {
        List<String> candidates = new ArrayList<>();
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            candidates.add(dockerHost.strip());
        }
        String home = System.getProperty("user.home");
        Path properties = Path.of(home, ".testcontainers.properties");
        if (Files.isRegularFile(properties)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(properties)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + properties, e);
            }
            String configured = p.getProperty("docker.host");
            if (configured != null && !configured.isBlank()) {
                candidates.add(configured.strip());
            }
        }
        List<String> sockets = new ArrayList<>(List.of("/var/run/docker.sock"));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(runtime + "/docker.sock");
        }
        for (String relative : List.of(".docker/run/docker.sock", ".docker/desktop/docker.sock",
                ".colima/default/docker.sock", ".colima/docker.sock", ".rd/docker.sock")) {
            sockets.add(Path.of(home, relative).toString());
        }
        sockets.forEach(s -> candidates.add("unix://" + s));
        return candidates;
    }

    /** Whether a Docker engine answers at {@code endpoint}: {@code unix:///path}, {@code tcp://host:port}. */
    static boolean answers(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "unix" -> uri.getPath() != null && Files.exists(Path.of(uri.getPath()))
                    && exchange(UnixDomainSocketAddress.of(uri.getPath()), true);
            case "tcp", "http", "https" -> uri.getHost() != null
                    && exchange(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()), false);
            default -> false;
        };
    }

    /** Connects, and with {@code ping} asks {@code GET /_ping} and expects 200, all within {@link #PING_MILLIS}. */
    private static boolean exchange(SocketAddress address, boolean ping) {
        try (SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    channel.connect(address);
                    if (!ping) {
                        return true;
                    }
                    channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII)));
                    byte[] status = Channels.newInputStream(channel).readNBytes(12);
                    return new String(status, StandardCharsets.US_ASCII).matches("HTTP/1\\.[01] 200");
                } catch (IOException e) {
                    return false;
                }
            });
            try {
                return answer.get(PING_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
