package dev.tunebatch.lm.model;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.testing.TestModels.Answer;
import dev.tunebatch.lm.usage.CallContext;
import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;
import dev.tunebatch.lm.usage.UsageAccount;
import dev.tunebatch.lm.usage.UsageTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tunebatch.lm.testing.ScriptedLmServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Retries, Retry-After, validation, concurrency limit, cache and accounting of {@link ManagedLanguageModel}. */
class ManagedLanguageModelTest {

    private ScriptedLmServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static LmPrompt prompt(String q) {
        return new LmPrompt(List.of(LmMessage.user("{\"query\":\"" + q + "\"}")), DataSchema.of(Answer.class),
                Sampling.DEFAULTS);
    }

    private ManagedLanguageModel.Builder model(List<Duration> sleeps) {
        return ManagedLanguageModel.builder().model("m").endpoint("scripted")
                .transport(SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                        Duration.ofSeconds(5)))
                .retry(RetryPolicy.DEFAULT.withInitialBackoff(Duration.ofMillis(10)))
                .sleeper(d -> {
                    sleeps.add(d);
                    Thread.sleep(Math.min(d.toMillis(), 5));
                });
    }

    @Test
    void retriesA429AfterTheServersRetryAfterAndA500ThenSucceeds() {
        server = ScriptedLmServer.start(r -> switch (r.index()) {
            case 0 -> ScriptedLmServer.status(429, "2");
            case 1 -> ScriptedLmServer.status(500, null);
            default -> json(Json.object().put("answer", "ok"), 10, 2);
        });
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        CallContext ctx = CallContext.detached();

        LmResult r = model(sleeps).build().generate(prompt("q"), ctx).toCompletableFuture().join();

        assertThat(r.failed()).isFalse();
        assertThat(r.json().path("answer").asString()).isEqualTo("ok");
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).as("Retry-After: 2 beats the 10 ms backoff").isEqualTo(Duration.ofSeconds(2));
        assertThat(sleeps.get(1)).as("exponential backoff: 10 ms doubled").isEqualTo(Duration.ofMillis(20));
        PhaseUsage u = ctx.tracker().snapshot().phase(Phase.INFERENCE);
        assertThat(u.calls()).isEqualTo(1);
        assertThat(u.failedCalls()).isZero();
        assertThat(u.totalTokens()).isEqualTo(12);
    }

    @Test
    void retryAfterIsReallyWaitedFor() {
        server = ScriptedLmServer.start(r -> r.index() == 0 ? ScriptedLmServer.status(429, "1")
                : json(Json.object().put("answer", "ok"), 1, 1));
        ManagedLanguageModel lm = model(new ArrayList<>()).sleeper(d -> Thread.sleep(d.toMillis())).build();

        lm.generate(prompt("q"), CallContext.detached()).toCompletableFuture().join();

        List<Long> at = server.arrivals();
        assertThat(at).hasSize(2);
        assertThat(Duration.ofNanos(at.get(1) - at.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aDroppedConnectionIsRetriedByUsAloneAndCountedAsOneFailedAttempt() {
        server = ScriptedLmServer.start(r -> r.index() == 1 ? ScriptedLmServer.drop()
                : json(Json.object().put("answer", "ok"), 3, 1));
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        InMemoryCostLedger ledger = new InMemoryCostLedger();
        ManagedLanguageModel lm = model(sleeps).ledger(ledger).build();
        CallContext ctx = CallContext.detached();

        LmResult first = lm.generate(prompt("first"), ctx).toCompletableFuture().join();
        LmResult second = lm.generate(prompt("second"), ctx).toCompletableFuture().join();

        assertThat(first.attempts()).isEqualTo(1);
        assertThat(second.failed()).isFalse();
        assertThat(second.attempts()).as("the drop on the pooled connection, then the answer").isEqualTo(2);
        assertThat(server.requestCount()).as("the HTTP client does not resend on its own").isEqualTo(3);
        assertThat(sleeps).hasSize(1);
        PhaseUsage u = ctx.tracker().snapshot().phase(Phase.INFERENCE);
        assertThat(u.calls()).isEqualTo(2);
        assertThat(u.failedCalls()).isZero();
        assertThat(u.failedAttempts()).isEqualTo(1);
        assertThat(u.totalTokens()).as("the dropped attempt paid nothing").isEqualTo(8);
        assertThat(ledger.entries()).extracting(LedgerEntry::attempts).containsExactly(1, 2);
    }

    @Test
    void malformedAnswersAreRetriedThenTheCallFailsWithNullAndIsCountedAndPaid() {
        server = ScriptedLmServer.start(r -> r.index() % 2 == 0
                ? ScriptedLmServer.text("not json at all", 5, 1)
                : json(Json.object().put("wrong_field", 1), 5, 1));
        CallContext ctx = CallContext.detached();
        ManagedLanguageModel lm = model(new ArrayList<>()).retry(RetryPolicy.DEFAULT.withMaxAttempts(3)
                .withInitialBackoff(Duration.ofMillis(1))).prices(PriceTable.of(Map.of("m", new Price(1e6, 0))))
                .build();

        LmResult r = lm.generate(prompt("q"), ctx).toCompletableFuture().join();

        assertThat(r.failed()).isTrue();
        assertThat(r.content()).isNull();
        assertThat(r.json()).isNull();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.failure()).contains("MALFORMED");
        assertThat(server.requestCount()).isEqualTo(3);
        PhaseUsage u = ctx.tracker().snapshot().phase(Phase.INFERENCE);
        assertThat(u.failedCalls()).isEqualTo(1);
        assertThat(u.inputTokens()).as("unusable answers were still paid for").isEqualTo(15);
        assertThat(u.cost()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void clientErrorsAreNotRetried() {
        server = ScriptedLmServer.start(r -> ScriptedLmServer.status(401, null));
        LmResult r = model(new ArrayList<>()).build().generate(prompt("q"), CallContext.detached())
                .toCompletableFuture().join();
        assertThat(r.failed()).isTrue();
        assertThat(r.failure()).contains("401");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void theConcurrencyLimitIsSharedByEveryModelOfTheEndpoint() {
        server = ScriptedLmServer.start(r -> ScriptedLmServer.slow(60, json(Json.object().put("answer", "a"), 1, 1)));
        ConcurrencyLimit limit = ConcurrencyLimit.shared("test-shared-" + System.nanoTime(), 3);
        ManagedLanguageModel a = model(new ArrayList<>()).model("a").concurrencyLimit(limit).build();
        ManagedLanguageModel b = model(new ArrayList<>()).model("b").concurrencyLimit(limit).build();
        List<CompletableFuture<LmResult>> running = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            running.add((i % 2 == 0 ? a : b).generate(prompt("q" + i), CallContext.detached()).toCompletableFuture());
        }
        running.forEach(CompletableFuture::join);

        assertThat(server.peakInFlight()).isLessThanOrEqualTo(3);
        assertThat(limit.peak()).isEqualTo(3);
        assertThat(running).allMatch(f -> !f.join().failed());
    }

    @Test
    void sharedLimitsRejectAConflictingSize() {
        String key = "conflict-" + System.nanoTime();
        ConcurrencyLimit.shared(key, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConcurrencyLimit.shared(key, 5))
                .hasMessageContaining(key).hasMessageContaining("2").hasMessageContaining("5");
    }

    @Test
    void aCachedAnswerIsNotPaidTwiceAndTheLedgerRecordsBothCalls() {
        server = ScriptedLmServer.start(r -> json(Json.object().put("answer", "cached"), 100, 10));
        InMemoryResponseCache cache = new InMemoryResponseCache();
        InMemoryCostLedger ledger = new InMemoryCostLedger();
        ManagedLanguageModel lm = model(new ArrayList<>()).cache(cache).ledger(ledger)
                .prices(PriceTable.of(Map.of("m", new Price(2.0, 4.0)))).build();
        UsageTracker tracker = new UsageTracker();
        CallContext ctx = new CallContext(tracker, Phase.INFERENCE, new UsageAccount("run", "trial-1"));

        LmResult first = lm.generate(prompt("same"), ctx).toCompletableFuture().join();
        LmResult second = lm.generate(prompt("same"), ctx).toCompletableFuture().join();
        LmResult other = lm.generate(prompt("other"), ctx).toCompletableFuture().join();

        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(first.cost()).isCloseTo((100 * 2.0 + 10 * 4.0) / 1e6, within(1e-15));
        assertThat(second.cost()).isZero();
        assertThat(other.cached()).isFalse();
        assertThat(ledger.entries()).hasSize(3);
        assertThat(ledger.entries()).extracting(LedgerEntry::cached).containsExactly(false, true, false);
        assertThat(ledger.entries().get(0).account()).isEqualTo(new UsageAccount("run", "trial-1"));
        double ledgerCost = ledger.entries().stream().mapToDouble(LedgerEntry::cost).sum();
        assertThat(tracker.snapshot().phase(Phase.INFERENCE).cost()).isCloseTo(ledgerCost, within(1e-15));
        assertThat(tracker.snapshot().phase(Phase.INFERENCE).cacheHits()).isEqualTo(1);
    }

    @Test
    void theCacheKeyCoversModelMessagesSchemaAndSampling() {
        LmPrompt p = prompt("q");
        String base = new LmRequest("m", p).cacheKey();
        assertThat(new LmRequest("m", prompt("q")).cacheKey()).isEqualTo(base);
        assertThat(new LmRequest("n", p).cacheKey()).isNotEqualTo(base);
        assertThat(new LmRequest("m", prompt("r")).cacheKey()).isNotEqualTo(base);
        assertThat(new LmRequest("m", new LmPrompt(p.messages(), null, p.sampling())).cacheKey()).isNotEqualTo(base);
        assertThat(new LmRequest("m", new LmPrompt(p.messages(), p.outputSchema(), new Sampling(0.1, null, null,
                null))).cacheKey()).isNotEqualTo(base);
        assertThat(new LmRequest("m", new LmPrompt(p.messages(), p.outputSchema(), new Sampling(null, null, null,
                3))).cacheKey()).isNotEqualTo(base);
    }

    @Test
    void retryAfterParsesSecondsAndDates() {
        assertThat(TransportException.parseRetryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(TransportException.parseRetryAfter("0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(TransportException.parseRetryAfter("garbage")).isNull();
        assertThat(TransportException.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), 2, Duration.ofMillis(300), Duration.ofSeconds(1));
        TransportException slowDown = TransportException.forStatus(429, "30", "x", null);
        assertThat(p.delay(1, slowDown)).as("capped at maxRetryAfter").isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delay(3, null)).as("capped at maxBackoff").isEqualTo(Duration.ofMillis(300));
    }
}
