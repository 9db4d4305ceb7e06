package dev.tunebatch.report;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.testing.ContentSecurityPolicyAudit;
import dev.tunebatch.testing.HeadlessChromium;
import dev.tunebatch.testing.HtmlUnitBrowser;
import dev.tunebatch.testing.ObservedEngineTestApplication;
import dev.tunebatch.testing.ScriptedProgram;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import javax.sql.DataSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of a real search on PostgreSQL, written when the search ends and on demand. On every machine HtmlUnit
 * runs its script: sorting from the URL and by clicking, hover links across charts and tables, the charts' SVG and
 * the parallel-coordinates axes, hostile values kept as text, nothing its own Content-Security-Policy would block and
 * no request to the network. Where a Chromium is installed (CI requires one), a real headless Chromium also lays it
 * out: every chart drew its marks, and the screenshot shows the charts.
 */
@SpringBootTest(classes = ObservedEngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class SearchReportBrowserTest {

    private static final HikariDataSource DB = TestDatabase.create("report");
    private static final Path REPORTS = tempDir();
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
        registry.add("tunebatch.report.dir", REPORTS::toString);
    }

    @AfterAll
    static void deleteReports() throws IOException {
        try (var files = Files.walk(REPORTS)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Autowired
    SearchLauncher launcher;

    @Autowired
    SearchInspector inspector;

    @Autowired
    ObjectProvider<SearchReportWriter> writers;

    @Autowired
    DataSource dataSource;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tunebatch-reports-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SearchDefinition search(String name) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> {
                            double x = hp.floatParam("x", 0, 1);
                            double lr = hp.floatParam("learning_rate", 1e-4, 1e-1,
                                    FloatOptions.defaults().sampling(Sampling.LOG));
                            String model = hp.choice("model", List.of("small", "large"));
                            int layers = hp.intParam("layers", 1, 4);
                            String prompt = hp.choice("prompt <b>", List.of("plain", HOSTILE));
                            double score = x + ("large".equals(model) ? 0.5 : 0) - 0.05 * layers
                                    + (prompt.equals(HOSTILE) ? 0.01 : 0) + 0.001 * Math.log10(lr);
                            return new ScriptedProgram("val_reward", score, fit -> bookTwoCalls(jdbc, fit));
                        })
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(12).seed(5),
                () -> FitArgs.builder().epochs(1).build());
    }

    /** Books two LM calls of {@code fit}'s trial in the ledger; trial 3 fails instead. */
    private static String bookTwoCalls(JdbcTemplate jdbc, ScriptedProgram.Fit fit) {
        if (fit.index() == 3) {
            return "the endpoint refused " + HOSTILE;
        }
        String insert = "insert into lm_cost_ledger (run_id, trial_id, phase, model, endpoint, input_tokens, "
                + "output_tokens, cost, cached, failed, attempts, latency_ms) values (?, ?, ?, 'm', '', ?, ?, ?, "
                + "false, false, 1, 5)";
        jdbc.update(insert, fit.runId(), fit.trialId(), "inference", 100, 10 * (fit.index() + 1), 0.002);
        jdbc.update(insert, fit.runId(), fit.trialId(), "reward", 40, 5, 0.0005);
        return null;
    }

    /** A search run to its end, with what its report must show, read from the database. */
    private record FinishedSearch(String name, Path page, int trials, int completed, String best, String worst,
                                  String failed, long tokens) {
    }

    private FinishedSearch finishedSearch() {
        String name = "report-" + UUID.randomUUID().toString().substring(0, 8);
        LaunchOutcome outcome = launcher.run(search(name), null);
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCodes.COMPLETED);
        Path page = REPORTS.resolve(name + ".html");
        assertThat(page).as("written when the search ended").isRegularFile();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        int trials = jdbc.queryForObject("select count(*) from tb_trial where search_name = ?", Integer.class, name);
        int completed = jdbc.queryForObject("select count(*) from tb_trial where search_name = ? and status = "
                + "'COMPLETED'", Integer.class, name);
        String best = jdbc.queryForObject("select trial_id from tb_trial where search_name = ? and status = "
                + "'COMPLETED' order by score desc limit 1", String.class, name);
        String worst = jdbc.queryForObject("select trial_id from tb_trial where search_name = ? and status = "
                + "'COMPLETED' order by score asc limit 1", String.class, name);
        long tokens = jdbc.queryForObject("select sum(total_tokens) from lm_cost_ledger where run_id = ?", Long.class,
                name);
        assertThat(trials).isEqualTo(12);
        assertThat(completed).isEqualTo(11);
        return new FinishedSearch(name, page, trials, completed, best, worst, trialId(jdbc, name, "FAILED"), tokens);
    }

    @Test
    void theReportsScriptSortsLinksAndLeavesTheChartsWholeInHtmlUnit() {
        FinishedSearch search = finishedSearch();
        try (HtmlUnitBrowser browser = HtmlUnitBrowser.withScripts()) {
            HtmlPage page = browser.open(search.page(), "#sort=score");

            assertOpenedSortedByScore(page, search);
            assertThat(page.querySelectorAll("svg[data-chart=history] [data-mark]")).as("history points")
                    .hasSize(search.completed());
            assertThat(page.querySelectorAll("svg[data-chart=parallel] [data-mark]")).as("parallel lines")
                    .hasSize(search.completed());
            assertThat(page.querySelectorAll("svg[data-chart=parallel] g.pc-axis").stream()
                    .map(axis -> ((DomElement) axis).getAttribute("data-axis")))
                    .as("one axis per hyperparameter, then the score")
                    .containsExactly("x", "learning_rate", "model", "layers", "prompt <b>", "val_reward");
            assertThat(page.querySelector("svg[data-chart=parallel] g.pc-axis[data-axis=learning_rate]")
                    .getTextContent()).as("the log-sampled axis").contains("log scale");
            assertThat(page.querySelectorAll("svg[data-chart=importance] [data-mark]")).as("importance bars")
                    .hasSize(Integer.parseInt(attribute(page, "svg[data-chart=importance]", "data-expected-marks")));

            click(page, "#trials-table th[data-sort-key=score]");
            assertThat(attribute(page, "table#trials-table", "data-sorted-by")).as("a second click reverses")
                    .isEqualTo("-score");
            List<String> rows = rowTrials(page, "trials-table");
            assertThat(rows.get(0)).as("worst first").isEqualTo(search.worst());
            assertThat(rows.get(rows.size() - 1)).as("no score sorts last either way").isEqualTo(search.failed());
            click(page, "#trials-table th[data-sort-key=id]");
            assertThat(attribute(page, "#trials-table th[data-sort-key=id]", "aria-sort")).isEqualTo("ascending");
            assertThat(attribute(page, "#trials-table th[data-sort-key=score]", "aria-sort")).isNull();
            assertThat(rowTrials(page, "trials-table")).as("trial order").isSorted().hasSize(search.trials());

            String linked = "[data-trial='" + search.best() + "']";
            HtmlElement row = page.querySelector("#trials-table tr" + linked);
            row.mouseOver();
            assertThat(page.querySelectorAll(linked)).as("the trial's point, line, rows and cost lines")
                    .hasSize(5).allSatisfy(el -> assertThat(classes(el)).contains("hl"));
            assertThat(page.querySelectorAll(".hl")).as("nothing else highlighted").hasSize(5);
            row.mouseOut();
            assertThat(page.querySelectorAll(".hl")).as("hover ends").isEmpty();

            assertThat(ContentSecurityPolicyAudit.violations(page)).as("what the page's own policy would block")
                    .isEmpty();
            assertThat(browser.networkRequests()).as("the page asks the network for nothing").isEmpty();
            assertThat(browser.scriptErrors()).isEmpty();
        }
    }

    @Test
    void theReportLaysOutItsChartsInARealChromium() throws IOException {
        HeadlessChromium chromium = HeadlessChromium.installedOrSkip(
                "SearchReportBrowserTest's layout and screenshot of the HTML report in Chromium");
        FinishedSearch search = finishedSearch();
        HeadlessChromium.Dump dump = chromium.dumpDom(search.page(), "#sort=score");
        assertThat(dump.console()).as("console messages: script errors, what the page's policy blocked").isEmpty();
        assertThat(dump.dom()).as("hostile values stay text").doesNotContain("<img").contains("&lt;img src=x");
        Path elsewhere = REPORTS.resolve(search.name() + "-with-external-image.html");
        Files.writeString(elsewhere, Files.readString(search.page()).replace("</body>",
                "<img src=\"http://127.0.0.1:9/logo.png\"></body>"));
        assertThat(chromium.dumpDom(elsewhere, "").console()).as("Chromium enforces the page's policy and says so")
                .anyMatch(m -> m.contains("http://127.0.0.1:9/logo.png") && m.contains("Content Security Policy"));

        try (HtmlUnitBrowser reader = HtmlUnitBrowser.withoutScripts()) {
            HtmlPage page = reader.parse(dump.dom(), search.page());
            assertOpenedSortedByScore(page, search);
            for (String chart : List.of("history", "parallel")) {
                String svg = "svg[data-chart=" + chart + "]";
                assertThat(attribute(page, svg, "data-rendered-marks")).as(chart + " marks laid out")
                        .isEqualTo(String.valueOf(search.completed()));
                assertThat(Integer.parseInt(attribute(page, svg, "data-rendered-width"))).as(chart + " width")
                        .isGreaterThan(600);
            }
            assertThat(Integer.parseInt(attribute(page, "svg[data-chart=importance]", "data-rendered-marks")))
                    .as("importance bars laid out").isBetween(1, 5)
                    .isEqualTo(Integer.parseInt(attribute(page, "svg[data-chart=importance]",
                            "data-expected-marks")));
        }

        Path png = REPORTS.resolve(search.name() + ".png");
        chromium.screenshot(search.page(), png, 2400);
        assertScreenshotShowsCharts(png);
    }

    /** What any browser shows after the script ran on the page opened with {@code #sort=score}. */
    private static void assertOpenedSortedByScore(HtmlPage page, FinishedSearch search) {
        assertThat(attribute(page, "body", "data-report-ready")).as("the page's script ran to its end")
                .isEqualTo("true");
        assertThat(attribute(page, "body", "data-report-errors")).as("script errors").isNull();
        assertThat(attribute(page, "svg[data-chart=parallel]", "data-axes")).as("five hyperparameters and the score")
                .isEqualTo("6");
        assertThat(page.querySelectorAll("svg[data-chart=history] [data-series=best-so-far]")).hasSize(1);

        assertThat(attribute(page, "table#trials-table", "data-rendered-rows"))
                .isEqualTo(String.valueOf(search.trials()));
        assertThat(attribute(page, "table#trials-table", "data-sorted-by")).isEqualTo("score");
        assertThat(attribute(page, "#trials-table th[data-sort-key=score]", "aria-sort")).isEqualTo("descending");
        List<String> rows = rowTrials(page, "trials-table");
        assertThat(rows).hasSize(search.trials());
        assertThat(rows.get(0)).as("#sort=score puts the best trial first").isEqualTo(search.best());
        assertThat(rows.get(rows.size() - 1)).as("the trial without a score sorts last").isEqualTo(search.failed());
        assertThat(cells(page, "trials-table", search.failed())).as("the failed trial's row")
                .startsWith(search.failed(), "FAILED", "");

        assertThat(page.getElementById("total-tokens").getTextContent()).isEqualTo(String.valueOf(search.tokens()));
        assertThat(rowTrials(page, "cost-table")).hasSize(2 * search.completed());
        assertThat(page.querySelectorAll("img")).as("hostile values stay text").isEmpty();
        assertThat(page.getBody().getTextContent()).contains(HOSTILE);
        assertThat(attribute(page, "span[data-status=COMPLETED]", "data-count"))
                .isEqualTo(String.valueOf(search.completed()));
        assertThat(attribute(page, "span[data-status=FAILED]", "data-count")).isEqualTo("1");
    }

    @Test
    void theReportCommandWritesTheReportOnDemandAndPrintsItsPath(CapturedOutput output) throws IOException {
        String name = "on-demand-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(launcher.run(search(name), null).exitCode()).isEqualTo(ExitCodes.COMPLETED);
        Path page = REPORTS.resolve(name + ".html");
        Files.delete(page);

        var none = new org.springframework.beans.factory.support.StaticListableBeanFactory();
        dev.tunebatch.app.console.SearchConsole console = new dev.tunebatch.app.console.SearchConsole(launcher,
                inspector, null, none.getBeanProvider(dev.tunebatch.app.console.SearchCatalog.class),
                none.getBeanProvider(dev.tunebatch.app.config.TunebatchProperties.class),
                none.getBeanProvider(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class), writers);
        TunebatchCommandLine cli = new TunebatchCommandLine(List.of(search(name)), inspector, console, name,
                writers);
        cli.run(new DefaultApplicationArguments("report", name));

        assertThat(cli.getExitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(page).isRegularFile();
        assertThat(output.getOut()).contains(page.toAbsolutePath().toString());
        assertThat(Files.readString(page)).contains("data-chart=\"history\"").contains("id=\"trials-table\"");

        cli.run(new DefaultApplicationArguments("report", "never-ran"));
        assertThat(cli.getExitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(output.getErr()).contains("No search named 'never-ran' is stored");
    }

    private static String trialId(JdbcTemplate jdbc, String search, String status) {
        return jdbc.queryForObject("select trial_id from tb_trial where search_name = ? and status = ?", String.class,
                search, status);
    }

    /** The screenshot is 1280 px wide and shows the chart panels and coloured marks, not a blank page. */
    private static void assertScreenshotShowsCharts(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        long panel = 0;
        long coloured = 0;
        long total = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (rgb == 0xf6f7fa) {
                    panel++;
                } else if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    coloured++;
                }
            }
        }
        assertThat(panel).as("chart panels cover part of the page").isGreaterThan(total / 10);
        assertThat(coloured).as("coloured points, lines and bars were painted").isGreaterThan(2000);
    }

    // --- reading the page

    /** The attribute of the first element matching the CSS {@code selector}, or null when it has none. */
    private static String attribute(HtmlPage page, String selector, String attribute) {
        DomElement element = page.querySelector(selector);
        if (element == null) {
            throw new AssertionError("No element " + selector + " in the rendered page");
        }
        return element.hasAttribute(attribute) ? element.getAttribute(attribute) : null;
    }

    /** The {@code data-trial} of each body row of a table, in document order. */
    private static List<String> rowTrials(HtmlPage page, String tableId) {
        return page.querySelectorAll("#" + tableId + " > tbody > tr").stream()
                .map(row -> ((DomElement) row).getAttribute("data-trial")).toList();
    }

    /** The texts of the cells of the row of {@code trial} in a table. */
    private static List<String> cells(HtmlPage page, String tableId, String trial) {
        return page.querySelectorAll("#" + tableId + " tr[data-trial='" + trial + "'] > td").stream()
                .map(cell -> cell.getTextContent().strip()).toList();
    }

    private static List<String> classes(DomNode element) {
        return List.of(((DomElement) element).getAttribute("class").split("\\s+"));
    }

    private static void click(HtmlPage page, String selector) {
        try {
            ((HtmlElement) page.querySelector(selector)).click();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
