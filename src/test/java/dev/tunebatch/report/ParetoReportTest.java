package dev.tunebatch.report;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Constraint;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tunebatch.report.ReportFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The report of a Pareto search and of a constrained one: the front's scatter, objective columns, infeasible marks. */
class ParetoReportTest {

    private static final HikariDataSource DB = TestDatabase.create("pareto_report");

    @AfterAll
    static void close() {
        DB.close();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static String attribute(String html, String element, String name) {
        Matcher m = Pattern.compile("<" + element + "[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as(element + " with " + name).isTrue();
        return m.group(1);
    }

    private static ReportTrial pareto(int index, double quality, double cost, Integer front, List<String> violated) {
        return new ReportTrial(index, String.format("%02d", index), "COMPLETED", null, Map.of("x", index / 10.0), 1,
                T0, T0.plusSeconds(2), null, List.of(quality, cost), front, violated, true);
    }

    @Test
    void aTwoObjectiveReportDrawsTheFrontItsStaircaseAndTheInfeasibleTrials() {
        List<ReportTrial> trials = new ArrayList<>(List.of(pareto(0, 0.9, 0.8, 0, List.of()),
                pareto(1, 0.5, 0.1, 0, List.of()), pareto(2, 0.7, 0.3, 0, List.of()),
                pareto(3, 0.4, 0.5, 1, List.of()), pareto(4, 0.95, 0.05, 2, List.of("latency <= 5.0 (7.5)"))));
        trials.add(new ReportTrial(5, "05", "FAILED", null, Map.of("x", 0.5), 1, T0, T0, "boom"));
        SearchReport report = new SearchReport("p", "random", "pareto", false, T0,
                List.of(new HyperparameterSpec("x", "Float", 0.0, 1.0, false, List.of())), trials, List.of(),
                List.of(new ReportObjective("quality", true), new ReportObjective("cost", false)),
                List.of("latency <= 5.0"));

        String html = HtmlReportRenderer.render(report);

        assertThat(html).contains("data-chart=\"pareto\"").doesNotContain("data-chart=\"history\"")
                .contains("Pareto front of quality (maximise), cost (minimise)")
                .contains("<span id=\"front-size\">3</span>").contains("<span id=\"front-trials\">00, 01, 02</span>")
                .contains("<span id=\"constraints\">latency &lt;= 5.0</span> (1 infeasible trials)");
        assertThat(attribute(html, "svg", "data-expected-marks")).isEqualTo("5");
        assertThat(count(html, "class=\"point front\" data-mark")).isEqualTo(3);
        assertThat(count(html, "class=\"point dominated\" data-mark")).isEqualTo(1);
        assertThat(count(html, "class=\"point infeasible\" data-mark")).isEqualTo(1);
        String staircase = attribute(html, "path class=\"front-line\"", "d");
        assertThat(count(staircase, "H")).as("three front points, two steps").isEqualTo(2);
        assertThat(html).contains(">quality</th>").contains(">cost</th>").contains(">Front</th>")
                .contains(">Feasible</th>").contains("<span class=\"badge infeasible\">infeasible</span>")
                .contains("class=\"status-COMPLETED infeasible\"").contains("data-axis=\"quality\"")
                .contains("data-axis=\"cost\"");
    }

    @Test
    void aStoredParetoSearchIsReportedWithTheTunersFront() {
        String name = "pareto-report";
        RandomSearch tuner = RandomSearch.builder()
                .paretoObjectives(Objective.of("val_quality", Direction.MAX), Objective.of("program_cost", Direction.MIN))
                .constraints(Constraint.atMost("latency", 7.0))
                .store(new JdbcTrialStore(DB, name)).seed(21).maxTrials(15).verbose(false)
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    double y = hp.floatParam("y", 0, 1);
                    return FakeProgram.constant(Map.of("val_quality", Math.sqrt(x) * (1 - 0.2 * y),
                            "program_cost", x * x + 0.3 * y, "latency", 10 * y));
                }).build();
        tuner.search(FitArgs.builder().epochs(1).build());
        List<Trial> front = tuner.getParetoFront();
        long infeasible = tuner.trials().stream().filter(t -> t.metrics().lastValue("latency") > 7.0).count();
        assertThat(infeasible).as("the seed gives infeasible trials").isPositive();

        String html = new SearchReportWriter(DB, Path.of("unused")).render(name);

        assertThat(attribute(html, "svg class=\"chart\" data-chart=\"pareto\"", "data-front-size"))
                .isEqualTo(String.valueOf(front.size()));
        assertThat(html).contains("<span id=\"front-trials\">"
                + String.join(", ", front.stream().map(Trial::id).sorted().toList()) + "</span>");
        assertThat(count(html, "class=\"point infeasible\" data-mark")).isEqualTo((int) infeasible);
        assertThat(count(html, "<span class=\"badge infeasible\">")).isEqualTo((int) infeasible);
        for (Trial t : front) {
            assertThat(html).contains("class=\"point front\" data-mark=\"point\" data-trial=\"" + t.id() + "\"");
        }
    }

    @Test
    void aConstrainedSingleObjectiveReportMarksInfeasibleTrialsAndNamesTheBestFeasible() {
        String name = "constrained-report";
        RandomSearch tuner = RandomSearch.builder().objective(Objective.of("val_quality", Direction.MAX))
                .constraints(Constraint.atMost("latency", 5.0))
                .store(new JdbcTrialStore(DB, name)).seed(22).maxTrials(12).verbose(false)
                .hypermodel(hp -> {
                    double y = hp.floatParam("y", 0, 1);
                    return FakeProgram.constant(Map.of("val_quality", y, "latency", 10 * y));
                }).build();
        tuner.search(FitArgs.builder().epochs(1).build());
        Trial best = tuner.getBestTrials(1).get(0);
        assertThat(best.metrics().lastValue("latency")).isLessThanOrEqualTo(5.0);

        String html = new SearchReportWriter(DB, Path.of("unused")).render(name);

        assertThat(html).contains("<span id=\"best-trial\">" + best.id() + "</span>")
                .contains("data-chart=\"history\"").contains(">Feasible</th>");
        long infeasible = tuner.trials().stream().filter(t -> t.metrics().lastValue("latency") > 5.0).count();
        assertThat(infeasible).isPositive();
        assertThat(count(html, "class=\"point infeasible\" data-mark")).isEqualTo((int) infeasible);
    }
}
