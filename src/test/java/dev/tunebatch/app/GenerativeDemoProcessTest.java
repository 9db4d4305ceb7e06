package dev.tunebatch.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.app.demo.IntentDataset;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.testing.ChildJvm;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an OpenAI-compatible endpoint configured, {@code generative-demo} runs against it (here a scripted server on
 * loopback, in child JVMs): the model is discovered from {@code /v1/models}, every trial's temperature reaches the
 * server, and the scores follow the answers. An unreachable endpoint refuses the run with one line, exit 69, and
 * nothing stored.
 */
class GenerativeDemoProcessTest {

    @TempDir
    static Path work;

    private static HikariDataSource db;
    private static ChildJvm app;
    private static final Map<String, String> TRUTH = new HashMap<>();

    @BeforeAll
    static void database() {
        db = TestDatabase.create("generative");
        app = ChildJvm.application(work).database(db.getJdbcUrl(), db.getUsername(), db.getPassword());
        IntentDataset data = IntentDataset.load("classpath:datasets/support-intents.jsonl");
        for (List<IntentDataset.LabelledUtterance> split : List.of(data.train(), data.validation(), data.test())) {
            split.forEach(u -> TRUTH.put(u.text(), u.label()));
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** What the database holds about runs: searches, trials and job executions. */
    private static List<String> stored() {
        return new JdbcTemplate(db).queryForList("""
                select 'search ' || search_name || ' ' || revision from tb_search
                union all select 'trial ' || search_name || ' ' || trial_id || ' ' || status || ' ' || updated_at
                from tb_trial
                union all select 'job ' || job_execution_id || ' ' || status from batch_job_execution
                order by 1""", String.class);
    }

    /** A model that knows every answer when sampled cold, and abstains when sampled hot. */
    private static ScriptedLmServer.Reply answer(ScriptedLmServer.Request request) {
        if (request.path().endsWith("/models")) {
            return ScriptedLmServer.raw(200, "{\"object\": \"list\", \"data\": [{\"id\": \"scripted-model\", "
                    + "\"object\": \"model\"}, {\"id\": \"other-model\", \"object\": \"model\"}]}");
        }
        String text = request.lastUserJson().path("text").asString();
        double temperature = request.body().path("temperature").asDouble(0.0);
        var out = Json.object();
        if (temperature <= 0.5) {
            out.put("label", TRUTH.get(text));
        } else {
            out.putNull("label");
        }
        return ScriptedLmServer.json(out, 40, 5);
    }

    @Test
    void theGenerativeDemoSearchesTheEndpointsSamplingAndScoresWhatItAnswers() throws Exception {
        try (ScriptedLmServer server = ScriptedLmServer.start(GenerativeDemoProcessTest::answer, 3_000)) {
            ChildJvm.Result r = app.run(300, "run", "generative-demo",
                    "--tunebatch.lm.endpoints.local.base-url=" + server.openAiBaseUrl(),
                    "--tunebatch.demo.generative.max-trials=3", "--tunebatch.demo.seed=1");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.errLines()).as(r.toString()).isEmpty();
            assertThat(r.out()).contains("Search: Running Trial #3", "Search 'generative-demo' finished.",
                    "Test score of the best configuration", "test split of 30 utterances");
            List<ScriptedLmServer.Request> chats = server.requests().stream()
                    .filter(q -> q.path().endsWith("/chat/completions")).toList();
            assertThat(server.requests().get(0).path()).isEqualTo("/v1/models");
            assertThat(chats).isNotEmpty().allSatisfy(q -> assertThat(q.model()).isEqualTo("scripted-model"));

            JdbcTemplate jdbc = new JdbcTemplate(db);
            List<Map<String, Object>> trials = jdbc.queryForList("select status, score, "
                    + "(document->'hyperparameters'->'values'->>'temperature')::float8 as temperature from tb_trial "
                    + "where search_name = 'generative-demo'");
            assertThat(trials).hasSize(3).allSatisfy(t -> {
                assertThat(t.get("status")).isEqualTo("COMPLETED");
                double expected = (Double) t.get("temperature") <= 0.5 ? 1.0 : 0.3;
                assertThat((Double) t.get("score")).as("val_reward of %s", t).isEqualTo(expected);
            });
            assertThat(trials.stream().map(t -> (Double) t.get("score")))
                    .as("seed 1 samples cold and hot temperatures, evaluated and fitted programs").contains(1.0, 0.3);
            Set<Double> sent = chats.stream().map(q -> q.body().path("temperature").asDouble())
                    .collect(Collectors.toSet());
            Set<Double> tried = trials.stream().map(t -> (Double) t.get("temperature")).collect(Collectors.toSet());
            assertThat(tried).isSubsetOf(sent);
        }
    }

    @Test
    void anUnreachableEndpointRefusesTheRunWithOneLineAndStoresNothing() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        List<String> before = stored();
        ChildJvm.Result r = app.run(120, "run", "generative-demo",
                "--tunebatch.lm.endpoints.offline.base-url=http://127.0.0.1:" + closed + "/v1",
                "--tunebatch.lm.endpoints.offline.api-key=sk-do-not-print");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("tunebatch: LM endpoint 'offline' at http://127.0.0.1:" + closed + "/v1/models is "
                        + "unreachable")
                .contains("fix tunebatch.lm.endpoints.offline.base-url").doesNotContain("sk-do-not-print");
        assertThat(stored()).isEqualTo(before);
    }
}
