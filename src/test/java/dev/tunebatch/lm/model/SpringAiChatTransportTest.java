package dev.tunebatch.lm.model;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.testing.TestModels.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static dev.tunebatch.lm.testing.ScriptedLmServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spring AI transports against the scripted server: what goes on the wire and how failures are classified. */
class SpringAiChatTransportTest {

    private ScriptedLmServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static LmRequest request(Sampling sampling) {
        return new LmRequest("model-x", new LmPrompt(List.of(LmMessage.system("be brief"),
                LmMessage.user("{\"query\":\"q\"}")), DataSchema.of(Answer.class), sampling));
    }

    @Test
    void openAiSendsJsonSchemaAndOnlyTheSamplingParametersThatAreSet() throws Exception {
        server = ScriptedLmServer.start(r -> json(Json.object().put("answer", "Paris"), 12, 3));
        ChatTransport t = SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null, Duration.ofSeconds(5));

        Completion c = t.send(request(new Sampling(0.25, null, null, 7)));

        assertThat(Json.parse(c.content(), "answer").path("answer").asString()).isEqualTo("Paris");
        assertThat(c.usage()).isEqualTo(new TokenUsage(12, 3));
        ScriptedLmServer.Request r = server.requests().get(0);
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.model()).isEqualTo("model-x");
        JsonNode body = r.body();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.has("top_p")).isFalse();
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.path("response_format").path("type").asString()).isEqualTo("json_schema");
        JsonNode schema = body.path("response_format").path("json_schema").path("schema");
        assertThat(schema.path("properties").has("answer")).isTrue();
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(body.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(r.messages()).extracting(m -> m.path("role").asString()).containsExactly("system", "user");
        assertThat(r.authorization()).as("no key configured: no Authorization header").isNull();
    }

    @Test
    void openAiSendsNoSamplingParameterWhenNoneIsSetAndSendsTheKeyWhenGiven() throws Exception {
        server = ScriptedLmServer.start(r -> json(Json.object().put("answer", "x"), 1, 1));
        ChatTransport t = SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), "sk-test-123",
                Duration.ofSeconds(5));

        t.send(request(new Sampling(null, 64, 0.9, null)));

        JsonNode body = server.requests().get(0).body();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("seed")).isFalse();
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer sk-test-123");
    }

    @Test
    void rateLimitCarriesRetryAfterAndServerErrorsAreRetryable() {
        server = ScriptedLmServer.start(r -> r.index() == 0 ? ScriptedLmServer.status(429, "3")
                : ScriptedLmServer.status(503, null));
        ChatTransport t = SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null, Duration.ofSeconds(5));

        assertThatThrownBy(() -> t.send(request(Sampling.DEFAULTS)))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.RATE_LIMITED);
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                });
        assertThatThrownBy(() -> t.send(request(Sampling.DEFAULTS)))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.SERVER_ERROR);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(server.requestCount()).as("the client's own retries are off").isEqualTo(2);
    }

    @Test
    void badRequestIsNotRetryableMalformedBodyAndSlowAnswersAreClassified() {
        server = ScriptedLmServer.start(r -> switch (r.index()) {
            case 0 -> ScriptedLmServer.status(400, null);
            case 1 -> ScriptedLmServer.raw(200, "this is not json");
            default -> ScriptedLmServer.slow(1_500, json(Json.object().put("answer", "late"), 1, 1));
        });
        ChatTransport t = SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                Duration.ofMillis(500));

        assertThatThrownBy(() -> t.send(request(Sampling.DEFAULTS)))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CLIENT_ERROR));
        assertThatThrownBy(() -> t.send(request(Sampling.DEFAULTS)))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.MALFORMED));
        assertThatThrownBy(() -> t.send(request(Sampling.DEFAULTS)))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.kind()).isIn(TransportException.Kind.TIMEOUT, TransportException.Kind.IO));
    }

    @Test
    void ollamaNativeSendsFormatAndOptionsAndReadsEvalCounts() throws Exception {
        server = ScriptedLmServer.start(r -> json(Json.object().put("answer", "Lyon"), 20, 4));
        ChatTransport t = SpringAiChatTransport.ollama(server.ollamaBaseUrl(), Duration.ofSeconds(5));

        Completion c = t.send(request(new Sampling(0.5, 32, null, 11)));

        assertThat(c.usage()).isEqualTo(new TokenUsage(20, 4));
        assertThat(Json.parse(c.content(), "answer").path("answer").asString()).isEqualTo("Lyon");
        ScriptedLmServer.Request r = server.requests().get(0);
        assertThat(r.path()).isEqualTo("/api/chat");
        assertThat(r.body().path("format").path("properties").has("answer")).isTrue();
        assertThat(r.body().path("options").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(r.body().path("options").path("num_predict").asInt()).isEqualTo(32);
        assertThat(r.body().path("options").path("seed").asInt()).isEqualTo(11);
        assertThat(r.body().path("options").has("top_p")).isFalse();
    }

    @Test
    void ollamaRateLimitCarriesRetryAfter() {
        server = ScriptedLmServer.start(r -> ScriptedLmServer.status(429, "2"));
        ChatTransport t = SpringAiChatTransport.ollama(server.ollamaBaseUrl(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> t.send(request(Sampling.DEFAULTS)))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
                });
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
