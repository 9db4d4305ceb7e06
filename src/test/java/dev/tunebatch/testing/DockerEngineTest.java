package dev.tunebatch.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The quiet probe for a Docker engine, against stand-ins on a Unix socket and on loopback TCP. */
class DockerEngineTest {

    @TempDir
    Path dir;

    /** A Unix socket whose every connection gets {@code reply} once it sent its request (null: never a reply). */
    private Thread serve(Path socket, String reply, ServerSocketChannel server) throws IOException {
        server.bind(UnixDomainSocketAddress.of(socket));
        return Thread.ofVirtual().start(() -> {
            while (server.isOpen()) {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(1024));
                    if (reply == null) {
                        client.read(ByteBuffer.allocate(1));
                    } else {
                        client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @Test
    void aUnixSocketAnswersOnlyWhenItsPingSays200() throws IOException, InterruptedException {
        Path engine = dir.resolve("docker.sock");
        Path broken = dir.resolve("broken.sock");
        Path silent = dir.resolve("silent.sock");
        java.util.List<Thread> servers = new java.util.ArrayList<>();
        try (ServerSocketChannel a = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ServerSocketChannel b = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             ServerSocketChannel c = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            servers.add(serve(engine, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", a));
            servers.add(serve(broken, "HTTP/1.1 500 Internal Server Error\r\n\r\n", b));
            servers.add(serve(silent, null, c));

            assertThat(DockerEngine.answers("unix://" + engine)).isTrue();
            assertThat(DockerEngine.answers("unix://" + broken)).isFalse();
            assertThat(DockerEngine.answers("unix://" + silent)).as("a socket that never replies").isFalse();
        }
        for (Thread server : servers) {
            server.join(10_000); // a channel closed under a blocked accept is released when that accept returns
        }
        assertThat(DockerEngine.answers("unix://" + engine)).as("a socket file nobody listens on").isFalse();
        assertThat(DockerEngine.answers("unix://" + dir.resolve("absent.sock"))).isFalse();
    }

    @Test
    void aTcpEndpointAnswersWhenItAcceptsAConnection() throws IOException {
        int port;
        try (ServerSocket listening = new ServerSocket()) {
            listening.bind(new InetSocketAddress("127.0.0.1", 0));
            port = listening.getLocalPort();
            assertThat(DockerEngine.answers("tcp://127.0.0.1:" + port)).isTrue();
        }
        assertThat(DockerEngine.answers("tcp://127.0.0.1:" + port)).as("closed again").isFalse();
        assertThat(DockerEngine.answers("npipe:////./pipe/docker_engine")).isFalse();
        assertThat(DockerEngine.answers("not a uri")).isFalse();
    }
}
