package dev.tunebatch.lm.config;

import dev.tunebatch.lm.data.DataSchema;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.model.LmMessage;
import dev.tunebatch.lm.model.LmPrompt;
import dev.tunebatch.lm.model.LmResult;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.PriceTable;
import dev.tunebatch.lm.model.Sampling;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.testing.TestModels.Answer;
import dev.tunebatch.lm.usage.CallContext;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The auto-configuration: inert without configuration, wired from {@code tunebatch.lm.*} with it. */
class LmAutoConfigurationTest {

    private static ScriptedLmServer server;
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LmAutoConfiguration.class));

    @BeforeAll
    static void start() {
        server = ScriptedLmServer.start(r -> ScriptedLmServer.json(Json.object().put("answer", "ok"), 1000, 500));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LmPrompt prompt(String q) {
        return new LmPrompt(List.of(LmMessage.user(q)), DataSchema.of(Answer.class), Sampling.DEFAULTS);
    }

    @Test
    void withNothingConfiguredNothingIsBuiltAndAskingNamesTheProperty() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(LanguageModels.class);
            LanguageModels models = ctx.getBean(LanguageModels.class);
            assertThat(models.endpoints()).isEmpty();
            assertThatThrownBy(() -> models.get("local", "m"))
                    .hasMessageContaining("tunebatch.lm.endpoints.local.base-url");
        });
    }

    @Test
    void anOpenAiEndpointWithPricesCacheAndLedgerInTheDatabase() {
        DataSource db = TestDatabase.create("lm_autoconfig");
        runner.withBean(DataSource.class, () -> db)
                .withPropertyValues(
                        "tunebatch.lm.endpoints.local.base-url=" + server.openAiBaseUrl(),
                        "tunebatch.lm.endpoints.local.api-key=sk-secret-value",
                        "tunebatch.lm.endpoints.local.max-concurrency=3",
                        "tunebatch.lm.endpoints.local.timeout=5s",
                        "tunebatch.lm.endpoints.local.retry.max-attempts=2",
                        "tunebatch.lm.prices.qwen.input-per-million=1.0",
                        "tunebatch.lm.prices.qwen.output-per-million=2.0")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    LmProperties props = ctx.getBean(LmProperties.class);
                    assertThat(props.getEndpoints().get("local").toString()).doesNotContain("sk-secret-value")
                            .contains("(set)");
                    ManagedLanguageModel lm = ctx.getBean(LanguageModels.class).get("local", "qwen");
                    assertThat(lm.concurrencyLimit().permits()).isEqualTo(3);
                    assertThat(ctx.getBean(PriceTable.class).priceOf("qwen").inputPerMillion()).isEqualTo(1.0);

                    LmResult first = lm.generate(prompt("autoconfig-q"), CallContext.detached())
                            .toCompletableFuture().join();
                    LmResult again = ctx.getBean(LanguageModels.class).get("local", "qwen")
                            .generate(prompt("autoconfig-q"), CallContext.detached()).toCompletableFuture().join();

                    assertThat(first.cost()).isCloseTo((1000 * 1.0 + 500 * 2.0) / 1e6, within(1e-12));
                    assertThat(again.cached()).isTrue();
                    JdbcTemplate jdbc = new JdbcTemplate(db);
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM lm_cost_ledger", Long.class)).isEqualTo(2);
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM lm_response_cache", Long.class)).isEqualTo(1);
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM lm_cost_ledger WHERE endpoint = 'local'",
                            Long.class)).isEqualTo(2);
                    assertThat(server.requests()).filteredOn(r -> r.lastUserJsonText().equals("autoconfig-q"))
                            .singleElement()
                            .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer sk-secret-value"));
                });
    }

    @Test
    void anOllamaEndpointUsesTheNativeApi() {
        runner.withPropertyValues("tunebatch.lm.endpoints.box.provider=ollama",
                        "tunebatch.lm.endpoints.box.base-url=" + server.ollamaBaseUrl())
                .run(ctx -> {
                    LanguageModels models = ctx.getBean(LanguageModels.class);
                    LmResult r = models.get("box", "llama3").generate(prompt("ollama-q"), CallContext.detached())
                            .toCompletableFuture().join();
                    assertThat(r.json().path("answer").asString()).isEqualTo("ok");
                    assertThat(server.requests()).anyMatch(q -> q.path().equals("/api/chat")
                            && q.model().equals("llama3"));
                });
    }

    @Test
    void badEndpointSettingsStopStartUpNamingTheProperty() {
        for (String[] bad : new String[][]{
                {"tunebatch.lm.endpoints.odd.provider=grpc", "endpoints[odd].provider", "give openai"},
                {"tunebatch.lm.endpoints.odd.base-url=localhost:8000/v1", "endpoints[odd].baseUrl",
                        "has no http:// or https:// scheme"},
                {"tunebatch.lm.endpoints.odd.base-url=ftp://host/v1", "endpoints[odd].baseUrl", "scheme ftp"},
                {"tunebatch.lm.endpoints.odd.max-concurrency=-1", "endpoints[odd].maxConcurrency", "from 1 to"},
                {"tunebatch.lm.endpoints.odd.retry.max-attempts=0", "endpoints[odd].retry.maxAttempts",
                        "from 1 (no retry)"},
                {"tunebatch.lm.endpoints.odd.timeout=0s", "endpoints[odd].timeout", "positive duration"},
                {"tunebatch.lm.prices.m.input-per-million=-1", "prices[m].inputPerMillion", "0 or more"}}) {
            runner.withPropertyValues("tunebatch.lm.endpoints.odd.base-url=http://127.0.0.1:1/v1", bad[0])
                    .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                            .rootCause().hasMessageContaining(bad[1]).hasMessageContaining(bad[2]));
        }
    }
}
