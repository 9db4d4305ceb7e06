package dev.tunebatch.lm.model;

import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A {@link ChatTransport} over a Spring AI {@link ChatModel}: structured output as the provider's JSON schema
 * mode ({@code response_format: json_schema} for OpenAI-compatible servers, {@code format} for Ollama), sampling
 * parameters only when set, usage tokens from the response metadata, and the client's errors translated into
 * {@link TransportException} with the HTTP status and {@code Retry-After}. The client's own retries are off: retrying
 * is {@link ManagedLanguageModel}'s job.
 */
public final class SpringAiChatTransport implements ChatTransport {

    private final ChatModel chatModel;
    private final Function<LmRequest, ChatOptions> options;

    /**
     * A transport over any Spring AI chat model.
     *
     * @param chatModel the client
     * @param options   the per-request options of that client (model, sampling, output schema)
     */
    public SpringAiChatTransport(ChatModel chatModel, Function<LmRequest, ChatOptions> options) {
        this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * An OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp's server, Ollama's {@code /v1}).
     *
     * @param baseUrl the API root including {@code /v1}, e.g. {@code http://localhost:8000/v1}
     * @param apiKey  the key, or {@code null}/blank for servers that need none (no Authorization header is sent)
     * @param timeout the longest wait for one answer
     */
    public static SpringAiChatTransport openAiCompatible(String baseUrl, String apiKey, Duration timeout) {
        return openAiCompatible(baseUrl, apiKey, timeout, 64);
    }

    /**
     * An OpenAI-compatible endpoint whose connection pool keeps {@code maxConnections} idle connections (set it to
     * the endpoint's concurrency limit, so that connections are reused rather than reopened).
     */
    public static SpringAiChatTransport openAiCompatible(String baseUrl, String apiKey, Duration timeout,
                                                         int maxConnections) {
        requireUrl(baseUrl);
        OpenAiChatOptions defaults = OpenAiChatOptions.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey == null || apiKey.isBlank() ? "" : apiKey)
                .timeout(timeout)
                .maxRetries(0)
                .build();
        OpenAiChatModel model = OpenAiChatModel.builder().options(defaults)
                .httpClientBuilderCustomizer(http -> http.maxIdleConnections(Math.max(5, maxConnections))
                        .keepAliveDuration(Duration.ofMinutes(5))
                        .interceptor(SpringAiChatTransport::sendOnce))
                .build();
        return new SpringAiChatTransport(model, request -> openAiOptions(request, timeout));
    }

    /**
     * Ollama's native API.
     *
     * @param baseUrl the server root, e.g. {@code http://localhost:11434}
     * @param timeout the longest wait for one answer
     */
    public static SpringAiChatTransport ollama(String baseUrl, Duration timeout) {
        requireUrl(baseUrl);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        OllamaApi api = OllamaApi.builder()
                .baseUrl(baseUrl)
                .restClientBuilder(RestClient.builder().requestFactory(factory))
                .responseErrorHandler(new DefaultResponseErrorHandler())
                .build();
        OllamaChatModel model = OllamaChatModel.builder()
                .ollamaApi(api)
                .options(OllamaChatOptions.builder().model("unset").build())
                .retryTemplate(new RetryTemplate(org.springframework.core.retry.RetryPolicy.withMaxRetries(0)))
                .build();
        return new SpringAiChatTransport(model, SpringAiChatTransport::ollamaOptions);
    }

    /**
     * OkHttp silently sends a request again when the connection drops after it was sent (a server crash, a proxy
     * cutting it): the server may have done (and billed) the work, and the attempt escapes the retry policy and the
     * ledger. A one-shot body forbids that resend, so the drop reaches {@link ManagedLanguageModel} as a failed
     * attempt, counted and retried by its policy. Failures before the request is sent are still retried by OkHttp.
     */
    private static Response sendOnce(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        RequestBody body = request.body();
        if (body == null || body.isOneShot()) {
            return chain.proceed(request);
        }
        return chain.proceed(request.newBuilder().method(request.method(), new OneShotBody(body)).build());
    }

    /** A request body OkHttp must not send twice. */
    private static final class OneShotBody extends RequestBody {
        private final RequestBody body;

        OneShotBody(RequestBody body) {
            this.body = body;
        }

        @Override
        public MediaType contentType() {
            return body.contentType();
        }

        @Override
        public long contentLength() throws IOException {
            return body.contentLength();
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            body.writeTo(sink);
        }

        @Override
        public boolean isOneShot() {
            return true;
        }
    }

    private static void requireUrl(String baseUrl) {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("baseUrl: '" + baseUrl + "' is not an http(s) URL; set e.g. "
                    + "tunebatch.lm.endpoints.<name>.base-url=http://localhost:8000/v1");
        }
    }

    /** Options for an OpenAI-compatible request; sampling parameters only when set. */
    static ChatOptions openAiOptions(LmRequest request, Duration timeout) {
        Sampling s = request.prompt().sampling();
        OpenAiChatOptions.Builder b = OpenAiChatOptions.builder().model(request.model()).timeout(timeout)
                .maxRetries(0);
        if (s.temperature() != null) {
            b.temperature(s.temperature());
        }
        if (s.topP() != null) {
            b.topP(s.topP());
        }
        if (s.maxTokens() != null) {
            b.maxTokens(s.maxTokens());
        }
        if (s.seed() != null) {
            b.seed(s.seed());
        }
        if (request.prompt().outputSchema() != null) {
            b.responseFormat(OpenAiChatModel.ResponseFormat.builder()
                    .type(OpenAiChatModel.ResponseFormat.Type.JSON_SCHEMA)
                    .jsonSchema(request.prompt().outputSchema().toString())
                    .strict(true)
                    .build());
        }
        return b.build();
    }

    /** Options for an Ollama request; sampling parameters only when set. */
    static ChatOptions ollamaOptions(LmRequest request) {
        Sampling s = request.prompt().sampling();
        OllamaChatOptions.Builder b = OllamaChatOptions.builder().model(request.model());
        if (s.temperature() != null) {
            b.temperature(s.temperature());
        }
        if (s.topP() != null) {
            b.topP(s.topP());
        }
        if (s.maxTokens() != null) {
            b.numPredict(s.maxTokens());
        }
        if (s.seed() != null) {
            b.seed(s.seed());
        }
        if (request.prompt().outputSchema() != null) {
            b.outputSchema(request.prompt().outputSchema().toString());
        }
        return b.build();
    }

    @Override
    public Completion send(LmRequest request) throws TransportException {
        List<Message> messages = new ArrayList<>();
        for (LmMessage m : request.prompt().messages()) {
            messages.add(switch (m.role()) {
                case SYSTEM -> new SystemMessage(m.content());
                case USER -> new UserMessage(m.content());
                case ASSISTANT -> new AssistantMessage(m.content());
            });
        }
        ChatResponse response;
        try {
            response = chatModel.call(new Prompt(messages, options.apply(request)));
        } catch (RuntimeException e) {
            throw translate(e);
        }
        TokenUsage usage = usage(response);
        Generation generation = response == null ? null : response.getResult();
        if (generation == null || generation.getOutput() == null) {
            throw TransportException.malformed("the server returned no choices", new Completion(null, usage));
        }
        return new Completion(generation.getOutput().getText(), usage);
    }

    private static TokenUsage usage(ChatResponse response) {
        if (response == null || response.getMetadata() == null || response.getMetadata().getUsage() == null) {
            return TokenUsage.NONE;
        }
        Usage u = response.getMetadata().getUsage();
        long in = u.getPromptTokens() == null ? 0 : u.getPromptTokens();
        long out = u.getCompletionTokens() == null ? 0 : u.getCompletionTokens();
        return new TokenUsage(in, out);
    }

    /** Classifies a client exception by walking its causes. */
    static TransportException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OpenAIServiceException s) {
                List<String> retryAfter = s.headers().values("Retry-After");
                return TransportException.forStatus(s.statusCode(), retryAfter.isEmpty() ? null : retryAfter.get(0),
                        "HTTP " + s.statusCode() + " from the server", e);
            }
            if (t instanceof RestClientResponseException r) {
                String retryAfter = r.getResponseHeaders() == null ? null
                        : r.getResponseHeaders().getFirst("Retry-After");
                return TransportException.forStatus(r.getStatusCode().value(), retryAfter,
                        "HTTP " + r.getStatusCode().value() + " from the server", e);
            }
            if (t instanceof HttpTimeoutException || t instanceof InterruptedIOException
                    || t instanceof TimeoutException) {
                return new TransportException(TransportException.Kind.TIMEOUT, 0, null,
                        "no answer within the timeout", e);
            }
            if (t instanceof OpenAIInvalidDataException) {
                return TransportException.malformed("the response could not be read: " + t.getMessage(), null);
            }
        }
        if (e instanceof OpenAIIoException || e instanceof ResourceAccessException) {
            return new TransportException(TransportException.Kind.IO, 0, null, "connection failed: "
                    + e.getMessage(), e);
        }
        if (e instanceof RestClientException) {
            return TransportException.malformed("the response could not be read: " + e.getMessage(), null);
        }
        return new TransportException(TransportException.Kind.IO, 0, null,
                e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
