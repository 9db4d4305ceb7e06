package dev.tunebatch.lm;

import dev.tunebatch.lm.cache.JdbcResponseCache;
import dev.tunebatch.lm.ledger.JdbcCostLedger;
import dev.tunebatch.lm.ledger.LedgerTotals;
import dev.tunebatch.lm.metric.FailedAttempts;
import dev.tunebatch.lm.metric.FailedCalls;
import dev.tunebatch.lm.model.ManagedLanguageModel;
import dev.tunebatch.lm.model.Price;
import dev.tunebatch.lm.model.PriceTable;
import dev.tunebatch.lm.model.RetryPolicy;
import dev.tunebatch.lm.model.SpringAiChatTransport;
import dev.tunebatch.lm.optimizer.RandomFewShot;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.testing.Capitals;
import dev.tunebatch.lm.testing.FaultSchedule;
import dev.tunebatch.lm.testing.FaultSchedule.Fault;
import dev.tunebatch.lm.testing.FaultSchedule.Outcome;
import dev.tunebatch.lm.testing.ScriptedLmServer;
import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.PhaseUsage;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A search whose LM endpoint fails 30 % of the requests (429 with {@code Retry-After}, 500, a connection dropped
 * without an answer; seeded, so every run meets the same faults) completes every trial; each 429 is retried no sooner
 * than its {@code Retry-After}, measured on the server; every failed request is counted once for its trial (program
 * counters, trial metrics, ledger), and the ledger books exactly what the server answered, token for token.
 */
class EndpointFaultsTest {

    private static final String RUN = "faults";
    private static final Price PRICE = new Price(100.0, 300.0);

    @TempDir
    Path dir;

    @Test
    void aSearchCompletesThroughRateLimitsServerErrorsAndDropsAndTheLedgerBooksExactlyWhatTheServerDid() {
        DataSource db = TestDatabase.create("lm_faults");
        FaultSchedule schedule = new FaultSchedule(20_240_611L, 0.3, 3, "1", Capitals::reply);
        List<LmProgram> programs = new CopyOnWriteArrayList<>();
        List<Trial> trials;
        try (ScriptedLmServer server = ScriptedLmServer.start(schedule)) {
            ManagedLanguageModel lm = ManagedLanguageModel.builder().model("capitals").endpoint("scripted")
                    .transport(SpringAiChatTransport.openAiCompatible(server.openAiBaseUrl(), null,
                            Duration.ofSeconds(10)))
                    .retry(RetryPolicy.DEFAULT.withInitialBackoff(Duration.ofMillis(20)))
                    .cache(new JdbcResponseCache(db)).ledger(new JdbcCostLedger(db))
                    .prices(PriceTable.of(Map.of("capitals", PRICE))).build();
            RandomSearch tuner = RandomSearch.builder()
                    .hypermodel(hp -> {
                        LmProgram p = Capitals.program(lm, hp.floatParam("temperature", 0.0, 1.0))
                                .compile(ExactMatch.onFields("answer"), List.of(new FailedAttempts(),
                                                new FailedAttempts(Phase.OPTIMIZER), new FailedCalls()),
                                        RandomFewShot.builder().seed(4).build());
                        programs.add(p);
                        return p;
                    })
                    .objective(Objective.of("val_reward", Direction.MAX))
                    .maxTrials(3).seed(42).directory(dir).projectName("faults").overwrite(true).verbose(false)
                    .build();
            tuner.search(FitArgs.builder().x(Capitals.queries(0, 10)).y(Capitals.answers(0, 10))
                    .validationData(Capitals.queries(10, 16), Capitals.answers(10, 16)).epochs(1).batchSize(5)
                    .runId(RUN).build());
            trials = tuner.trials();
        }

        List<Outcome> outcomes = schedule.outcomes();
        Map<Fault, Long> faults = outcomes.stream().filter(o -> o.fault() != null)
                .collect(Collectors.groupingBy(Outcome::fault, () -> new EnumMap<>(Fault.class),
                        Collectors.counting()));
        long failed = faults.values().stream().mapToLong(Long::longValue).sum();
        assertThat(faults).as("each kind of fault happened").containsOnlyKeys(Fault.values());
        assertThat((double) failed / outcomes.size()).as("share of failed requests of %s", outcomes.size())
                .isBetween(0.2, 0.4);

        assertThat(trials).hasSize(3).allSatisfy(t -> assertThat(t.status()).as(t.id())
                .isEqualTo(TrialStatus.COMPLETED));

        for (int i = 0; i < outcomes.size(); i++) {
            Outcome limited = outcomes.get(i);
            if (limited.fault() != Fault.RATE_LIMITED) {
                continue;
            }
            Outcome retry = nextWithBody(outcomes, i);
            assertThat(retry).as("the 429 of request %s was retried", limited.request().index()).isNotNull();
            assertThat(Duration.ofNanos(retry.decidedAt() - limited.decidedAt()))
                    .as("Retry-After: 1 before retrying request %s", limited.request().index())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }

        JdbcCostLedger ledger = new JdbcCostLedger(db);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        long attributed = 0;
        for (Trial trial : trials) {
            double temperature = ((Number) trial.hyperparameters().get("temperature")).doubleValue();
            List<Outcome> mine = outcomes.stream()
                    .filter(o -> o.request().body().path("temperature").asDouble() == temperature).toList();
            attributed += mine.size();
            long myFaults = mine.stream().filter(o -> o.fault() != null).count();
            List<Outcome> answered = mine.stream().filter(o -> o.fault() == null).toList();
            long promptTokens = answered.stream().mapToLong(o -> o.answer().promptTokens()).sum();
            long completionTokens = answered.stream().mapToLong(o -> o.answer().completionTokens()).sum();
            String id = trial.id();

            LmProgram program = programs.stream().filter(p -> p.account().trial().equals(id)).findFirst()
                    .orElseThrow();
            List<PhaseUsage> usage = new ArrayList<>(program.usage().snapshot().phases().values());
            assertThat(usage.stream().mapToLong(PhaseUsage::failedAttempts).sum())
                    .as("failed attempts the program of trial %s counted", id).isEqualTo(myFaults);
            assertThat(usage.stream().mapToLong(PhaseUsage::failedCalls).sum()).isZero();
            assertThat(last(trial, "failed_attempts") + last(trial, "val_failed_attempts")
                    + last(trial, "optimizer_failed_attempts"))
                    .as("failed attempts in the metrics of trial %s", id).isEqualTo((double) myFaults);
            assertThat(last(trial, "failed_calls") + last(trial, "val_failed_calls")).isZero();

            LedgerTotals booked = ledger.totals(RUN, id).values().stream().reduce(LedgerTotals.ZERO,
                    LedgerTotals::plus);
            assertThat(booked.attempts()).as("every request of trial %s is one booked attempt", id)
                    .isEqualTo(mine.size());
            assertThat(booked.failedAttempts()).as("failed attempts booked for trial %s", id).isEqualTo(myFaults);
            assertThat(booked.failedCalls()).isZero();
            assertThat(booked.calls() - booked.cacheHits()).as("calls of trial %s the server answered", id)
                    .isEqualTo(answered.size());
            Map<String, Object> paid = jdbc.queryForMap("SELECT coalesce(sum(input_tokens), 0) AS input, "
                    + "coalesce(sum(output_tokens), 0) AS output, coalesce(sum(cost), 0) AS cost "
                    + "FROM lm_cost_ledger WHERE run_id = ? AND trial_id = ? AND NOT cached", RUN, id);
            assertThat(((Number) paid.get("input")).longValue()).as("prompt tokens of trial %s", id)
                    .isEqualTo(promptTokens);
            assertThat(((Number) paid.get("output")).longValue()).as("completion tokens of trial %s", id)
                    .isEqualTo(completionTokens);
            assertThat(((Number) paid.get("cost")).doubleValue()).isCloseTo(
                    (promptTokens * PRICE.inputPerMillion() + completionTokens * PRICE.outputPerMillion()) / 1e6,
                    within(1e-12));
        }
        assertThat(attributed).as("every request belongs to a trial").isEqualTo(outcomes.size());
        Long booked = jdbc.queryForObject("SELECT sum(attempts) FROM lm_cost_ledger", Long.class);
        assertThat(booked).as("the ledger books every request the server received, once").isEqualTo(outcomes.size());
    }

    private static Outcome nextWithBody(List<Outcome> outcomes, int from) {
        String body = outcomes.get(from).body();
        for (int j = from + 1; j < outcomes.size(); j++) {
            if (outcomes.get(j).body().equals(body)) {
                return outcomes.get(j);
            }
        }
        return null;
    }

    private static double last(Trial trial, String metric) {
        Double v = trial.metrics().lastValue(metric);
        assertThat(v).as("metric %s of trial %s", metric, trial.id()).isNotNull();
        return v;
    }
}
