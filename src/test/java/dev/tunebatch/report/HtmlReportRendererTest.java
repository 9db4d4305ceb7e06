package dev.tunebatch.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tunebatch.report.ReportFixtures.completed;
import static dev.tunebatch.report.ReportFixtures.failed;
import static dev.tunebatch.report.ReportFixtures.report;
import static dev.tunebatch.report.ReportFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

/** The page itself: escaping, no network, the best-so-far line, the cost section, the file name. */
class HtmlReportRendererTest {

    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @Test
    void everythingFromTheDatabaseIsEscaped() {
        List<ReportTrial> trials = new ArrayList<>(scored(0.1, 0.4, 0.3));
        trials.add(completed(3, 0.2, Map.of("x", 0.5, "model", HOSTILE, "<b>name</b>", "it's \"quoted\"")));
        trials.add(failed(4, Map.of("x", 0.9, "model", "small"), "</table><script>alert(2)</script>"));
        SearchReport base = report(true, trials, List.of(new CostLine("03", "<phase>", 1, 2, 3, 5, 0.1, 0, 0)));
        SearchReport hostile = new SearchReport("s\"><script>alert(3)</script>", "<kind>", "<objective>", true,
                base.generatedAt(), base.space(), base.trials(), base.cost());

        String html = HtmlReportRenderer.render(hostile);

        assertThat(count(html, "<script")).as("only the report's own script").isEqualTo(1);
        assertThat(html).doesNotContain("<img", "<b>name", "<phase>", "<kind>", "<objective>", "</table><script>")
                .contains("&lt;img src=x onerror=alert(1)&gt;", "&lt;b&gt;name&lt;/b&gt;",
                        "it&#39;s &quot;quoted&quot;", "&lt;/table&gt;&lt;script&gt;alert(2)", "&lt;phase&gt;",
                        "s&quot;&gt;&lt;script&gt;alert(3)");
    }

    @Test
    void aSearchRunOnWorkersCountsTheTrialsOfEachWorkerAndOneRunInProcessShowsNoWorkers() {
        SearchReport base = report(true, scored(0.1, 0.4, 0.3), List.of());
        java.util.Map<String, Integer> workers = new java.util.LinkedHashMap<>();
        workers.put("pid 41 on node-a", 2);
        workers.put("pid 7 on <node-b>", 1);
        SearchReport remote = new SearchReport(base.search(), base.kind(), base.objective(), base.maximize(),
                base.generatedAt(), base.space(), base.trials(), base.cost(), List.of(), List.of(), List.of(),
                List.of(), workers);

        assertThat(HtmlReportRenderer.render(remote)).contains("<span id=\"workers\">pid 41 on node-a: 2 trials; "
                + "pid 7 on &lt;node-b&gt;: 1 trial</span>");
        assertThat(HtmlReportRenderer.render(base)).doesNotContain("id=\"workers\"");
    }

    @Test
    void scoresEqualUpToRoundingGetAFewTicksLikeEqualScores() {
        String html = HtmlReportRenderer.render(report(true, scored(0.1, 0.09999999999999999), List.of()));

        String history = html.substring(html.indexOf("data-chart=\"history\""));
        history = history.substring(0, history.indexOf("</svg>"));
        assertThat(history.split("class=\"grid\"", -1).length - 1).isBetween(1, 12);
    }

    @Test
    void thePageLoadsNothingFromTheNetworkAndSaysSo() {
        String html = HtmlReportRenderer.render(report(true, scored(0.1, 0.5, 0.3, 0.9), List.of()));

        assertThat(html).doesNotContainPattern("(?i)\\b(src|href)\\s*=").doesNotContain("http://", "https://",
                "@import", "url(http");
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none';");
    }

    @Test
    void theBestSoFarLineStepsAtEachImprovementInTheObjectivesDirection() {
        String maximised = bestLine(HtmlReportRenderer.render(report(true, scored(0.2, 0.5, 0.4, 0.9), List.of())));
        String minimised = bestLine(HtmlReportRenderer.render(report(false, scored(0.2, 0.5, 0.4, 0.1), List.of())));

        assertThat(count(maximised, "V")).as("0.2 -> 0.5 -> 0.9").isEqualTo(2);
        assertThat(count(minimised, "V")).as("0.2 -> 0.1").isEqualTo(1);
    }

    @Test
    void theTableMarksTheBestTrialAndLeavesAMissingScoreEmpty() {
        List<ReportTrial> trials = new ArrayList<>(scored(0.2, 0.7, 0.4));
        trials.add(failed(3, Map.of("x", 0.1, "model", "small"), "boom"));
        String html = HtmlReportRenderer.render(report(false, trials, List.of()));

        assertThat(html).contains("<tr data-trial=\"00\" class=\"status-COMPLETED best\"")
                .contains("trial <span id=\"best-trial\">00</span>")
                .containsPattern("<tr data-trial=\"03\" class=\"status-FAILED\" title=\"boom\"><td data-value=\"3\">"
                        + "03</td><td data-value=\"FAILED\">.*?</td><td class=\"num\" data-value=\"\"></td>");
        assertThat(html).contains("data-status=\"COMPLETED\" data-count=\"3\"", "data-status=\"FAILED\" "
                + "data-count=\"1\"");
    }

    @Test
    void costShowsTotalsWhenTheLedgerHasRowsAndSaysSoWhenItHasNone() {
        String none = HtmlReportRenderer.render(report(true, scored(0.1, 0.2), List.of()));
        String some = HtmlReportRenderer.render(report(true, scored(0.1, 0.2), List.of(
                new CostLine("00", "inference", 3, 300, 30, 330, 0.25, 1, 0),
                new CostLine("01", "reward", 1, 40, 10, 50, 0.5, 0, 1))));

        assertThat(none).contains("No LM cost recorded").doesNotContain("id=\"cost-table\"");
        assertThat(some).contains("<span id=\"total-cost\">0.75</span>", "<span id=\"total-tokens\">380</span>",
                "in 4 LM calls").doesNotContain("No LM cost recorded");
    }

    @Test
    void reportFilesStayInTheirFolderWhateverTheSearchIsCalled(@TempDir Path dir) {
        SearchReportWriter writer = new SearchReportWriter(new DriverManagerDataSource(), dir);

        assertThat(writer.pathOf("nightly-router")).isEqualTo(dir.resolve("nightly-router.html"));
        assertThat(writer.pathOf("../../etc/passwd").getParent()).isEqualTo(dir);
        assertThat(writer.pathOf("..").getFileName().toString()).isEqualTo("_...html");
    }

    private static String bestLine(String html) {
        Matcher m = Pattern.compile("class=\"best-line\" data-series=\"best-so-far\" d=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
