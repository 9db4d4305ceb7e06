package dev.tunebatch.batch;

import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.launch.SearchLauncher;
import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.app.console.StoredResults;
import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.BayesianOptimization;
import dev.tunebatch.tuner.Constraint;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.console.SearchCatalog;
import dev.tunebatch.app.console.SearchConsole;
import dev.tunebatch.report.SearchReportWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Bayesian Pareto search with a constraint run by the engine on PostgreSQL: trials are steps, the objectives and
 * constraints are stored with the search, the stored results know the front, and a search run in two runs proposes
 * what a search run at once does; the {@code results} and {@code status} commands show the front.
 */
@SpringBootTest(classes = EngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class ParetoSearchEngineTest {

    private static final HikariDataSource DB = TestDatabase.create("pareto_engine");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
    }

    @Autowired
    SearchLauncher launcher;

    @Autowired
    DataSource dataSource;

    @Autowired
    SearchInspector inspector;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Quality rises with x and falls with y; cost rises with both; latency is y's: a front and a constraint. */
    private static SearchDefinition search(String name, int maxTrials) {
        return SearchDefinition.of(name, () -> BayesianOptimization.builder()
                        .hypermodel(hp -> {
                            double x = hp.floatParam("x", 0, 1);
                            double y = hp.floatParam("y", 0, 1);
                            String style = hp.choice("style", List.of("terse", "verbose"));
                            double bonus = "verbose".equals(style) ? 0.1 : 0.0;
                            return FakeProgram.constant(Map.of("val_quality", Math.sqrt(x) * (1 - 0.3 * y) + bonus,
                                    "program_cost", x * x + 0.2 * y + bonus, "latency", 10 * y));
                        })
                        .paretoObjectives(Objective.of("val_quality", Direction.MAX),
                                Objective.of("program_cost", Direction.MIN))
                        .constraints(Constraint.atMost("latency", 6.0))
                        .numInitialPoints(4).maxTrials(maxTrials).seed(12),
                () -> FitArgs.builder().epochs(1).build());
    }

    private List<Map<String, Object>> values(String name) {
        return StoredResults.load(dataSource, name).orElseThrow().trials().stream()
                .map(t -> t.hyperparameters().values()).toList();
    }

    @Test
    void aParetoSearchRunsAsStepsAndItsFrontIsStored() {
        String name = unique("pareto");
        LaunchOutcome outcome = launcher.run(search(name, 10), null);
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.COMPLETED);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("select count(*) from tb_trial where search_name = ? and status = 'COMPLETED' "
                + "and score is null", Integer.class, name)).as("Pareto trials have no scalar score").isEqualTo(10);
        assertThat(jdbc.queryForObject("select oracle_state->'objective'->>'name' from tb_search where search_name = ?",
                String.class, name)).isEqualTo("pareto");
        assertThat(jdbc.queryForObject("select oracle_state->'objective'->'constraints'->0->>'metric' from tb_search "
                + "where search_name = ?", String.class, name)).isEqualTo("latency");
        assertThat(jdbc.queryForObject("select count(*) from batch_step_execution s join batch_job_execution_params p "
                + "on p.job_execution_id = s.job_execution_id and p.parameter_name = 'search' and p.parameter_value = ? "
                + "where s.step_name like 'trial-%'", Integer.class, name)).isEqualTo(10);

        StoredResults results = StoredResults.load(dataSource, name).orElseThrow();
        assertThat(results.objective().isPareto()).isTrue();
        List<Trial> front = results.paretoFront();
        assertThat(front).isNotEmpty().allSatisfy(t -> assertThat(t.metrics().lastValue("latency"))
                .isLessThanOrEqualTo(6.0));
        assertThat(results.best(front.size())).extracting(Trial::id)
                .containsExactlyElementsOf(front.stream().map(Trial::id).toList());
        String table = results.resultsTable(10);
        assertThat(table).contains("val_quality").contains("program_cost").contains("feasible")
                .contains("Pareto front hyperparameters (best first):");
        assertThat(results.summary(3)).contains("Pareto front: " + front.stream().map(Trial::id).toList());
    }

    @Test
    void aParetoSearchRunInTwoRunsProposesWhatOneRunDoes() {
        String once = unique("once");
        assertThat(launcher.run(search(once, 10), null).exitCode()).isEqualTo(ExitCodes.COMPLETED);
        String twice = unique("twice");
        SearchDefinition nightly = search(twice, 100).withTrialsPerRun(5);
        assertThat(launcher.run(nightly, "night-1").exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(values(twice)).hasSize(5);
        assertThat(launcher.run(nightly, "night-2").exitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(values(twice)).hasSize(10).isEqualTo(values(once));
    }

    @Test
    void theResultsAndStatusCommandsShowTheFront(CapturedOutput output) {
        String name = unique("cli");
        SearchDefinition definition = search(name, 8);
        assertThat(launcher.run(definition, null).exitCode()).isEqualTo(ExitCodes.COMPLETED);
        var none = new StaticListableBeanFactory();
        SearchConsole console = new SearchConsole(launcher, inspector, dataSource,
                none.getBeanProvider(SearchCatalog.class), none.getBeanProvider(TunebatchProperties.class),
                none.getBeanProvider(EmbeddedPostgres.class), none.getBeanProvider(SearchReportWriter.class));
        TunebatchCommandLine cli = new TunebatchCommandLine(List.of(definition), inspector, console, name,
                none.getBeanProvider(SearchReportWriter.class));
        List<String> front = StoredResults.load(dataSource, name).orElseThrow().paretoFront().stream()
                .map(Trial::id).toList();

        cli.run(new DefaultApplicationArguments("results", name, "--top=3"));
        assertThat(cli.getExitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(output.getOut()).contains("trial    front  val_quality    program_cost   feasible")
                .contains("Pareto front hyperparameters (best first):");
        cli.run(new DefaultApplicationArguments("status", name));
        assertThat(output.getOut()).contains("Pareto front: " + front.size() + " trials " + front)
                .doesNotContain("Best so far: none");
    }
}
