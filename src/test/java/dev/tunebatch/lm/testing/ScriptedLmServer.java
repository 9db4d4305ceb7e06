package dev.tunebatch.lm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tunebatch.lm.data.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted OpenAI-compatible (and Ollama-native) chat server on loopback for tests: each request is answered by a
 * {@link Script} (structured JSON with usage tokens, a 429 with {@code Retry-After}, a 500, a slow answer, a malformed
 * body, a connection closed without an answer). It records every request, and refuses with 503 after
 * {@code maxRequests} so that no client loop can run away.
 */
public final class ScriptedLmServer implements AutoCloseable {

    /** One received request. */
    public record Request(int index, String path, JsonNode body, String authorization) {

        /** The requested model. */
        public String model() {
            return body.path("model").asString();
        }

        /** The messages. */
        public List<JsonNode> messages() {
            List<JsonNode> out = new ArrayList<>();
            body.path("messages").forEach(out::add);
            return out;
        }

        /** The text of the last message. */
        public String lastUserJsonText() {
            List<JsonNode> m = messages();
            return m.get(m.size() - 1).path("content").asString();
        }

        /** The content of the last user message, parsed as JSON. */
        public JsonNode lastUserJson() {
            List<JsonNode> m = messages();
            return Json.parse(m.get(m.size() - 1).path("content").asString(), "last user message");
        }
    }

    /** What to answer. */
    public sealed interface Reply permits Answer, Status, Raw, Drop {
    }

    /**
     * A chat answer.
     *
     * @param content          the assistant's text
     * @param promptTokens     reported prompt tokens
     * @param completionTokens reported completion tokens
     * @param delayMillis      wait before answering
     */
    public record Answer(String content, long promptTokens, long completionTokens, long delayMillis)
            implements Reply {
    }

    /**
     * An HTTP error.
     *
     * @param status     the status
     * @param retryAfter the Retry-After header, or null
     */
    public record Status(int status, String retryAfter) implements Reply {
    }

    /**
     * A raw body (e.g. not JSON).
     *
     * @param status the status
     * @param body   the body
     */
    public record Raw(int status, String body) implements Reply {
    }

    /** No answer at all: the server reads the request and closes the connection (a crash, a proxy cutting it). */
    public record Drop() implements Reply {
    }

    /** Decides the reply to each request. */
    @FunctionalInterface
    public interface Script {
        Reply reply(Request request) throws Exception;
    }

    public static Reply json(JsonNode content, long promptTokens, long completionTokens) {
        return new Answer(Json.write(content), promptTokens, completionTokens, 0);
    }

    public static Reply text(String content, long promptTokens, long completionTokens) {
        return new Answer(content, promptTokens, completionTokens, 0);
    }

    public static Reply slow(long delayMillis, Reply reply) {
        Answer a = (Answer) reply;
        return new Answer(a.content(), a.promptTokens(), a.completionTokens(), delayMillis);
    }

    public static Reply status(int status, String retryAfter) {
        return new Status(status, retryAfter);
    }

    public static Reply raw(int status, String body) {
        return new Raw(status, body);
    }

    public static Reply drop() {
        return new Drop();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final int maxRequests;
    private volatile Script script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    private ScriptedLmServer(Script script, int maxRequests) throws IOException {
        this.script = script;
        this.maxRequests = maxRequests;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    /** A server on 127.0.0.1 and a free port, answering with {@code script}, at most 10 000 requests. */
    public static ScriptedLmServer start(Script script) {
        return start(script, 10_000);
    }

    public static ScriptedLmServer start(Script script, int maxRequests) {
        try {
            return new ScriptedLmServer(script, maxRequests);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the scripted LM server", e);
        }
    }

    /** Replaces the script. */
    public void script(Script script) {
        this.script = script;
    }

    /** The OpenAI-compatible base URL ({@code http://127.0.0.1:port/v1}). */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The Ollama base URL ({@code http://127.0.0.1:port}). */
    public String ollamaBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Arrival times (nanoTime) of the requests, in order. */
    public List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    public int requestCount() {
        return requests.size();
    }

    /** The most requests the server was handling at once. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        // a request stops counting as in flight before its answer is written: once the client holds the answer it may
        // send its next request, which must not be counted alongside this one
        java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            int index = counter.getAndIncrement();
            if (index >= maxRequests) {
                sendAnswer(ex, counted, 503, "{\"error\":\"scripted server request limit reached\"}");
                return;
            }
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? Json.object() : Json.parse(new String(in, StandardCharsets.UTF_8),
                    "request body");
            Request request = new Request(index, ex.getRequestURI().getPath(), body,
                    ex.getRequestHeaders().getFirst("Authorization"));
            arrivals.add(System.nanoTime());
            requests.add(request);
            Reply reply;
            try {
                reply = script.reply(request);
            } catch (Exception e) {
                sendAnswer(ex, counted, 500, "{\"error\":{\"message\":\"script failed: " + e.getMessage() + "\"}}");
                return;
            }
            switch (reply) {
                case Answer a -> {
                    if (a.delayMillis() > 0) {
                        Thread.sleep(a.delayMillis());
                    }
                    sendAnswer(ex, counted, 200, Json.write(request.path().startsWith("/api/") ? ollama(request, a)
                            : openAi(request, a)));
                }
                case Status s -> {
                    if (s.retryAfter() != null) {
                        ex.getResponseHeaders().add("Retry-After", s.retryAfter());
                    }
                    sendAnswer(ex, counted, s.status(), "{\"error\":{\"message\":\"scripted " + s.status()
                            + "\",\"type\":\"scripted\"}}");
                }
                case Raw r -> sendAnswer(ex, counted, r.status(), r.body());
                case Drop d -> {
                    // closing the exchange before any response header closes the connection itself
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (counted.getAndSet(false)) {
                inFlight.decrementAndGet();
            }
            ex.close();
        }
    }

    private void sendAnswer(HttpExchange ex, java.util.concurrent.atomic.AtomicBoolean counted, int status,
                            String text) throws IOException {
        if (counted.getAndSet(false)) {
            inFlight.decrementAndGet();
        }
        send(ex, status, text);
    }

    private static ObjectNode openAi(Request request, Answer a) {
        ObjectNode o = Json.object();
        o.put("id", "chatcmpl-" + request.index());
        o.put("object", "chat.completion");
        o.put("created", 1_700_000_000L);
        o.put("model", request.model());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", a.content());
        choice.put("finish_reason", "stop");
        ObjectNode usage = o.putObject("usage");
        usage.put("prompt_tokens", a.promptTokens());
        usage.put("completion_tokens", a.completionTokens());
        usage.put("total_tokens", a.promptTokens() + a.completionTokens());
        return o;
    }

    private static ObjectNode ollama(Request request, Answer a) {
        ObjectNode o = Json.object();
        o.put("model", request.model());
        o.put("created_at", "2024-01-01T00:00:00Z");
        ObjectNode msg = o.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", a.content());
        o.put("done", true);
        o.put("done_reason", "stop");
        o.put("prompt_eval_count", a.promptTokens());
        o.put("eval_count", a.completionTokens());
        return o;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
