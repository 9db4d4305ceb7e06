package dev.tunebatch.observability;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.report.SearchReportWriter;
import dev.tunebatch.testing.CurveProgram;
import dev.tunebatch.testing.ObservedEngineTestApplication;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Budget;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.Pruner;
import dev.tunebatch.tuner.RandomSearch;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What budgets, pruning and repeated executions look like to operators: status, results, the report, the meters. */
@SpringBootTest(classes = ObservedEngineTestApplication.class, properties = {"tunebatch.cli.enabled=false"})
class SearchControlsObservedTest {

    private static final HikariDataSource DB = TestDatabase.create("controls_observed");
    private static final Path REPORTS = Path.of(System.getProperty("java.io.tmpdir"),
            "tunebatch-controls-" + UUID.randomUUID());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
        registry.add("tunebatch.report.on-search-end", () -> "false");
        registry.add("tunebatch.report.dir", REPORTS::toString);
    }

    @Autowired
    SearchLauncher launcher;

    @Autowired
    SearchInspector inspector;

    @Autowired
    SearchReportWriter reports;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DataSource dataSource;

    @Test
    void budgetsSpreadsAndPrunedTrialsAreShownEverywhere() throws Exception {
        String name = "controls-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger builds = new AtomicInteger();
        SearchDefinition def = SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> {
                            double x = hp.floatParam("x", 0, 1);
                            double offset = 0.01 * (builds.getAndIncrement() % 2);
                            return new CurveProgram(epoch -> Map.of("val_reward",
                                    offset + x * (1 - Math.exp(-(epoch + 1) / 2.0)), "cost", 0.5));
                        })
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(30).seed(12)
                        .executionsPerTrial(2).pruner(Pruner.successiveHalving(1, 2))
                        .budget(Budget.metricSum("cost", 9), Budget.perTrial("cost", 100)),
                () -> FitArgs.builder().epochs(4).build());
        builds.set(0);
        LaunchOutcome outcome = launcher.run(def, null);
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BUDGET_REACHED);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        double spent = jdbc.queryForObject("select (oracle_state->'controls'->'budget'->'search'->>'cost')::float8 "
                + "from tb_search where search_name = ?", Double.class, name);
        assertThat(spent).isBetween(9.0, 9.5);

        String status = inspector.statusReport(name);
        assertThat(status).contains("Budgets: cost " + new java.math.BigDecimal(spent).stripTrailingZeros()
                .toPlainString() + " of 9 (search), reached, cost at most 100 (per trial)");
        assertThat(status).contains("BUDGET_REACHED");
        assertThat(inspector.resultsReport(name, 5)).containsPattern("trial +score +sd +n +hyperparameters")
                .containsPattern("\\d+ +[0-9.]+ +0\\.00707\\d* +2 +\\{x=");

        String html = Files.readString(reports.write(name));
        assertThat(html).contains("id=\"budgets\"").contains("cost " + new java.math.BigDecimal(spent)
                .stripTrailingZeros().toPlainString() + " of 9 (search)").contains("(n=2)").contains("successive halving");

        var consumed = meters.find(SearchMetrics.BUDGET_CONSUMED).tags("search", name, "budget", "cost (search)")
                .gauge();
        assertThat(consumed).isNotNull();
        assertThat(consumed.value()).isEqualTo(spent);
        assertThat(meters.find(SearchMetrics.BUDGET_LIMIT).tags("search", name, "budget", "cost (search)").gauge()
                .value()).isEqualTo(9.0);
        long stopped = jdbc.queryForObject("select count(*) from tb_trial where search_name = ? and status = "
                + "'STOPPED'", Long.class, name);
        assertThat(stopped).isPositive();
        assertThat(meters.find(SearchMetrics.TRIALS).tags("search", name, "status", "STOPPED").gauge().value())
                .isEqualTo(stopped);
    }
}
