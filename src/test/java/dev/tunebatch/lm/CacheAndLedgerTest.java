package dev.tunebatch.lm;

import dev.tunebatch.lm.cache.JdbcResponseCache;
import dev.tunebatch.lm.ledger.JdbcCostLedger;
import dev.tunebatch.lm.ledger.LedgerTotals;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.Price;
import dev.tunebatch.lm.model.PriceTable;
import dev.tunebatch.lm.model.SpringAiChatTransport;
import dev.tunebatch.lm.optimizer.RandomFewShot;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.testing.Capitals;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;
import dev.tunebatch.lm.usage.UsageAccount;
import dev.tunebatch.lm.usage.UsageSnapshot;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The response cache and the cost ledger in PostgreSQL: a second run of the same search is answered entirely from
 * the cache (the server sees no request, nothing is paid), and the ledger adds up to what the programs counted and to
 * the price table.
 */
class CacheAndLedgerTest {

    private static final Price PRICE = new Price(100.0, 300.0);

    @TempDir
    Path dir;
    private static DataSource db;
    private static ScriptedLmServer server;

    @BeforeAll
    static void start() {
        db = TestDatabase.create("lm_cache_ledger");
        server = ScriptedLmServer.start(Capitals::reply);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Run(List<LmProgram> programs, List<Trial> trials) {
    }

    private Run search(String runId) {
        ManagedLanguageModel lm = ManagedLanguageModel.builder().model("capitals").endpoint("scripted")
                .transport(SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                        Duration.ofSeconds(5)))
                .cache(new JdbcResponseCache(db)).ledger(new JdbcCostLedger(db))
                .prices(PriceTable.of(Map.of("capitals", PRICE))).build();
        List<LmProgram> programs = new CopyOnWriteArrayList<>();
        RandomSearch tuner = RandomSearch.builder()
                .hypermodel(hp -> {
                    LmProgram p = Capitals.program(lm, hp.floatParam("temperature", 0.0, 1.0))
                            .compile(ExactMatch.onFields("answer"), List.of(),
                                    RandomFewShot.builder().seed(4).build());
                    p.account(new UsageAccount(runId, "program-" + programs.size()));
                    programs.add(p);
                    return p;
                })
                .objective(Objective.of("val_reward", Direction.MAX))
                .maxTrials(3).seed(42).directory(dir).projectName("cached").overwrite(true).verbose(false).build();
        tuner.search(FitArgs.builder().x(Capitals.queries(0, 10)).y(Capitals.answers(0, 10))
                .validationData(Capitals.queries(10, 16), Capitals.answers(10, 16)).epochs(2).batchSize(5).build());
        return new Run(programs, tuner.trials());
    }

    @Test
    void aSecondRunIsAnsweredFromTheCacheAndTheLedgerAddsUp() {
        JdbcCostLedger ledger = new JdbcCostLedger(db);
        JdbcTemplate jdbc = new JdbcTemplate(db);

        Run first = search("run-1");
        int paidRequests = server.requestCount();
        assertThat(paidRequests).isPositive();
        long stored = new JdbcResponseCache(db).size();
        assertThat(stored).isPositive().isLessThanOrEqualTo(paidRequests);

        for (LmProgram p : first.programs()) {
            UsageSnapshot u = p.usage().snapshot();
            Map<Phase, LedgerTotals> totals = ledger.totals("run-1", p.account().trial());
            for (Phase phase : Phase.values()) {
                PhaseUsage counted = u.phase(phase);
                LedgerTotals booked = totals.getOrDefault(phase, LedgerTotals.ZERO);
                assertThat(booked.calls()).as("%s %s calls", p.account(), phase).isEqualTo(counted.calls());
                assertThat(booked.totalTokens()).isEqualTo(counted.totalTokens());
                assertThat(booked.cacheHits()).isEqualTo(counted.cacheHits());
                assertThat(booked.cost()).isCloseTo(counted.cost(), within(1e-9));
            }
        }
        Double priced = jdbc.queryForObject("SELECT sum((input_tokens * 100.0 + output_tokens * 300.0) / 1e6) "
                + "FROM lm_cost_ledger WHERE run_id = 'run-1' AND NOT cached", Double.class);
        double counted = first.programs().stream().mapToDouble(p -> p.usage().snapshot().totalCost()).sum();
        assertThat(ledger.runCost("run-1")).isPositive().isCloseTo(priced, within(1e-9))
                .isCloseTo(counted, within(1e-9));
        assertThat(first.programs().get(1).usage().snapshot().phase(Phase.OPTIMIZER).calls())
                .as("candidate scoring is charged to the optimizer phase").isPositive();

        Run second = search("run-2");

        assertThat(server.requestCount()).as("the resumed run pays nothing twice").isEqualTo(paidRequests);
        assertThat(ledger.runCost("run-2")).isZero();
        Long misses = jdbc.queryForObject("SELECT count(*) FROM lm_cost_ledger WHERE run_id = 'run-2' AND NOT cached",
                Long.class);
        assertThat(misses).isZero();
        assertThat(second.trials()).extracting(Trial::score)
                .containsExactlyElementsOf(first.trials().stream().map(Trial::score).toList());
        Long hits = jdbc.queryForObject("SELECT sum(hits) FROM lm_response_cache", Long.class);
        assertThat(hits).isPositive();
        Long secrets = jdbc.queryForObject("SELECT count(*) FROM lm_response_cache WHERE request::text ILIKE "
                + "'%authorization%' OR request::text ILIKE '%api_key%' OR request::text LIKE '%127.0.0.1%'",
                Long.class);
        assertThat(secrets).as("no endpoint or credential in the cache").isZero();
    }
}
