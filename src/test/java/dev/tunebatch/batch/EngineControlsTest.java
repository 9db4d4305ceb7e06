package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.launch.SearchLauncher;
import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.CurveProgram;
import dev.tunebatch.testing.ScriptedProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Budget;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.Pruner;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Pruning, budgets and repeated executions through the engine's trial steps, with parallel trials. */
@SpringBootTest(classes = EngineTestApplication.class, properties = {"tunebatch.cli.enabled=false"})
class EngineControlsTest {

    private static final HikariDataSource DB = TestDatabase.create("engine_controls");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    SearchLauncher launcher;

    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Integer> trialStatuses(String search) {
        Map<String, Integer> m = new TreeMap<>();
        jdbc().query("select status, count(*) from tb_trial where search_name = ? group by status",
                rs -> {
                    m.put(rs.getString(1), rs.getInt(2));
                }, search);
        return m;
    }

    private double searchConsumed(String search, String metric) {
        return jdbc().queryForObject("select (oracle_state->'controls'->'budget'->'search'->>?)::float8 "
                + "from tb_search where search_name = ?", Double.class, metric, search);
    }

    /** A search whose trials follow x·(1 − e^{−(epoch+1)/3}) and cost 1 per epoch. */
    private static SearchDefinition curves(String name, int trials, int epochs, AtomicInteger epochsRun,
                                           java.util.function.Consumer<RandomSearch.Builder> settings) {
        return SearchDefinition.of(name, () -> {
            RandomSearch.Builder b = RandomSearch.builder()
                    .hypermodel(hp -> {
                        double x = hp.floatParam("x", 0, 1);
                        return new CurveProgram(epoch -> {
                            epochsRun.incrementAndGet();
                            ScriptedProgram.pause(15);
                            return Map.of("val_reward", x * (1 - Math.exp(-(epoch + 1) / 3.0)), "cost", 1.0);
                        });
                    })
                    .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(trials).seed(21);
            settings.accept(b);
            return b;
        }, () -> FitArgs.builder().epochs(epochs).build());
    }

    @Test
    void parallelTrialStepsArePrunedAndTheirDecisionsStored() {
        String name = unique("pruned");
        AtomicInteger epochs = new AtomicInteger();
        SearchDefinition def = curves(name, 14, 6, epochs, b -> b.pruner(Pruner.median(1, 2)))
                .withParallelism(3);
        LaunchOutcome outcome = launcher.run(def, null);
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        Map<String, Integer> statuses = trialStatuses(name);
        assertThat(statuses.keySet()).containsExactly("COMPLETED", "STOPPED");
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(14);
        List<Map<String, Object>> stopped = jdbc().queryForList("""
                select trial_id, score, document->>'message' as message,
                       jsonb_array_length(document->'intermediate_values'->0) as reported,
                       document->'decided_through'->>1 as decided
                from tb_trial where search_name = ? and status = 'STOPPED'""", name);
        for (Map<String, Object> t : stopped) {
            assertThat((String) t.get("message")).contains("median rule");
            assertThat(t.get("score")).isNotNull();
            assertThat((Integer) t.get("reported")).isBetween(2, 5);
        }
        assertThat(jdbc().queryForList("""
                select s.status, s.exit_code from batch_step_execution s
                join batch_job_execution_params p on p.job_execution_id = s.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?""", name))
                .hasSize(14).allMatch(r -> r.get("status").equals("COMPLETED"))
                .filteredOn(r -> r.get("exit_code").equals("STOPPED")).hasSize(stopped.size());
        assertThat(epochs.get()).isLessThan(14 * 6);
    }

    @Test
    void aSpentBudgetStopsTheRunWithItsOwnOutcomeAndARaisedBudgetContinues() {
        String name = unique("budget");
        AtomicInteger epochs = new AtomicInteger();
        int parallelism = 2;
        LaunchOutcome first = launcher.run(curves(name, 20, 3, epochs,
                b -> b.budget(Budget.metricSum("cost", 7))).withParallelism(parallelism), null);
        assertThat(first.exitCode()).isEqualTo(ExitCodes.BUDGET_REACHED);
        assertThat(first.status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(first.message()).contains("budget is reached").contains("cost").doesNotContain("\n");
        double spent = searchConsumed(name, "cost");
        assertThat(spent).as("at most one epoch past the cap per running trial").isBetween(7.0, 7.0 + parallelism);
        assertThat(spent).isEqualTo(epochs.get());
        assertThat(trialStatuses(name).getOrDefault("COMPLETED", 0)).isLessThan(20);
        assertThat(jdbc().queryForObject("""
                select e.exit_code from batch_job_execution e
                join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
                     and p.parameter_name = 'search' and p.parameter_value = ?
                order by e.job_execution_id desc limit 1""", String.class, name)).isEqualTo("BUDGET_REACHED");

        LaunchOutcome again = launcher.run(curves(name, 20, 3, epochs,
                b -> b.budget(Budget.metricSum("cost", 7))).withParallelism(parallelism), null);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.BUDGET_REACHED);
        assertThat(searchConsumed(name, "cost")).as("nothing runs while the budget is spent").isEqualTo(spent);

        LaunchOutcome raised = launcher.run(curves(name, 20, 3, epochs,
                b -> b.budget(Budget.metricSum("cost", 1000))).withParallelism(parallelism), null);
        assertThat(raised.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(raised.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(trialStatuses(name)).containsExactly(Map.entry("COMPLETED", 20));
        assertThat(searchConsumed(name, "cost")).isEqualTo(epochs.get()).isGreaterThanOrEqualTo(60.0);
    }

    @Test
    void aPerRunBudgetStartsAfreshWithEachRunKey() {
        String name = unique("nightly-budget");
        AtomicInteger epochs = new AtomicInteger();
        SearchDefinition def = curves(name, 50, 2, epochs, b -> b.budget(Budget.metricSum("cost", 4).perRun()));
        assertThat(launcher.run(def, "night-1").message()).contains("budget is reached");
        int afterNight1 = epochs.get();
        assertThat(afterNight1).isBetween(4, 5);
        assertThat(launcher.run(def, "night-1").exitCode()).isEqualTo(ExitCodes.BUDGET_REACHED);
        assertThat(epochs.get()).isEqualTo(afterNight1);
        assertThat(launcher.run(def, "night-2").message()).contains("budget is reached");
        assertThat(epochs.get() - afterNight1).isBetween(4, 5);
        assertThat(searchConsumed(name, "cost")).isEqualTo(epochs.get());
    }

    @Test
    void repeatedExecutionsRunAsPartOfTheTrialStepAndStoreTheirSpread() {
        String name = unique("executions");
        AtomicInteger builds = new AtomicInteger();
        SearchDefinition def = SearchDefinition.of(name, () -> RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    int execution = builds.getAndIncrement() % 3;
                    return new CurveProgram(epoch -> Map.of("val_reward", x + 0.01 * execution));
                })
                .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(3).seed(2).executionsPerTrial(3),
                () -> FitArgs.builder().epochs(2).build()).withParallelism(1);
        builds.set(0);
        assertThat(launcher.run(def, null).exitCode()).isEqualTo(ExitCodes.COMPLETED);
        List<Map<String, Object>> rows = jdbc().queryForList("""
                select score, (document->'hyperparameters'->'values'->>'x')::float8 as x,
                       (document->>'score_sd')::float8 as sd, jsonb_array_length(document->'executions') as n
                from tb_trial where search_name = ?""", name);
        assertThat(rows).hasSize(3);
        for (Map<String, Object> r : rows) {
            assertThat((Double) r.get("score")).isCloseTo((Double) r.get("x") + 0.01, org.assertj.core.data.Offset
                    .offset(1e-9));
            assertThat((Double) r.get("sd")).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.get("n")).isEqualTo(3);
        }
    }
}
