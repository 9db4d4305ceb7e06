package dev.tunebatch.report;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.program.EvaluateArgs;
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
import org.htmlunit.html.HtmlAnchor;
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

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index page of the reports' folder, after real searches on PostgreSQL: written when each run ends and by
 * {@code report} without a search, one row per stored search with the status of its latest run, its best score,
 * trials and last run, linking its report. HtmlUnit runs its script everywhere (sorting, following a link, nothing
 * its Content-Security-Policy would block, no network); a real headless Chromium, where installed, lays it out.
 */
@SpringBootTest(classes = ObservedEngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class ReportIndexBrowserTest {

    private static final HikariDataSource DB = TestDatabase.create("report_index");
    private static final Path REPORTS = tempDir();
    /** Completed, maximised: 5 trials. */
    private static final String ROUTER = "nightly-router";
    /** Every trial fails: the job fails after three in a row; minimised, with markup in its objective's name. */
    private static final String BROKEN = "broken";
    private static final String BROKEN_OBJECTIVE = "val_<i>loss</i>";
    /** Named like the index page: its report must not replace the index. */
    private static final String INDEX_NAMED = "index";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry, DB);
        registry.add("tunebatch.report.dir", REPORTS::toString);
    }

    @Autowired
    SearchLauncher launcher;

    @Autowired
    SearchInspector inspector;

    @Autowired
    ObjectProvider<SearchReportWriter> writers;

    @Autowired
    DataSource dataSource;

    /** Whether the searches ran: once for the class, by the first test. */
    private static boolean searched;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tunebatch-index-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void deleteReports() throws IOException {
        try (var files = Files.walk(REPORTS)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static SearchDefinition search(String name, String objective, Direction direction, int trials,
                                           boolean fails) {
        return SearchDefinition.of(name, () -> RandomSearch.builder()
                        .hypermodel(hp -> ScriptedProgram.scoring(objective, hp.floatParam("x", 0, 1), fails))
                        .objective(Objective.of(objective, direction)).maxTrials(trials).seed(3),
                () -> FitArgs.builder().epochs(1).build());
    }

    /** Runs the three searches, once for the class; each run's end writes its report and the index. */
    private void runSearches() throws IOException {
        if (searched) {
            return;
        }
        assertThat(launcher.run(search(ROUTER, "val_reward", Direction.MAX, 5, false), null).exitCode())
                .isEqualTo(ExitCodes.COMPLETED);
        assertThat(Files.readString(index())).as("the first run's end wrote the index")
                .contains("data-search=\"" + ROUTER + "\"").doesNotContain("data-search=\"" + BROKEN + "\"");
        assertThat(launcher.run(search(BROKEN, BROKEN_OBJECTIVE, Direction.MIN, 10, true), null).exitCode())
                .as("three failed trials in a row fail the job").isEqualTo(ExitCodes.FAILED);
        assertThat(Files.readString(index())).as("a failed run's end writes it too")
                .contains("data-search=\"" + BROKEN + "\"");
        assertThat(launcher.run(search(INDEX_NAMED, "val_reward", Direction.MAX, 2, false), null).exitCode())
                .isEqualTo(ExitCodes.COMPLETED);
        searched = true;
    }

    private Path index() {
        return REPORTS.resolve(SearchReportWriter.INDEX);
    }

    @Test
    void everyRunWritesTheIndexAndHtmlUnitSortsItAndFollowsItsLinks() throws IOException {
        runSearches();
        assertThat(index()).as("written when the runs ended").isRegularFile();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try (HtmlUnitBrowser browser = HtmlUnitBrowser.withScripts()) {
            HtmlPage page = browser.open(index(), "#sort=search");

            assertThat(attribute(page, "body", "data-report-ready")).as("the page's script ran").isEqualTo("true");
            assertThat(attribute(page, "body", "data-report-errors")).isNull();
            assertThat(rowSearches(page)).as("one row per stored search, by name")
                    .containsExactly(BROKEN, INDEX_NAMED, ROUTER);
            assertThat(page.getElementById("search-count").getTextContent()).isEqualTo("3");

            assertThat(cells(page, ROUTER).subList(0, 7)).containsExactly(ROUTER, "COMPLETED", "val_reward (max)",
                    "random", Html.number(jdbc.queryForObject("select max(score) from tb_trial where "
                            + "search_name = ?", Double.class, ROUTER)), "5", "5");
            assertThat(cells(page, BROKEN)).as("failed: no best score")
                    .startsWith(BROKEN, "FAILED", BROKEN_OBJECTIVE + " (min)", "random", "", "3", "0");
            assertThat(page.querySelectorAll("i")).as("markup from the database stays text").isEmpty();
            for (String search : List.of(ROUTER, BROKEN, INDEX_NAMED)) {
                assertThat(cells(page, search).get(7)).as("last run of %s", search)
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            }

            click(page, "#searches-table th[data-sort-key=trials]");
            assertThat(attribute(page, "#searches-table", "data-sorted-by")).isEqualTo("trials");
            assertThat(rowSearches(page)).as("most trials first").containsExactly(ROUTER, BROKEN, INDEX_NAMED);
            click(page, "#searches-table th[data-sort-key=last-run]");
            assertThat(rowSearches(page)).as("latest run first").containsExactly(INDEX_NAMED, BROKEN, ROUTER);

            assertThat(ContentSecurityPolicyAudit.violations(page)).isEmpty();
            assertThat(browser.networkRequests()).as("the page asks the network for nothing").isEmpty();

            for (String search : List.of(ROUTER, BROKEN, INDEX_NAMED)) {
                HtmlAnchor link = (HtmlAnchor) browser.open(index(), "")
                        .querySelector("tr[data-search='" + search + "'] a.report-link");
                assertThat(link).as("%s links its report", search).isNotNull();
                HtmlPage report = link.click();
                assertThat(report.getBody().getAttribute("data-search")).as("the link opens %s's report", search)
                        .isEqualTo(search);
                assertThat(Path.of(report.getUrl().getPath())).isNotEqualTo(index().toAbsolutePath());
            }
            assertThat(browser.scriptErrors()).isEmpty();
        }
    }

    @Test
    void theReportCommandWithoutASearchWritesEveryReportAndTheIndex(CapturedOutput output) throws IOException {
        runSearches();
        Path router = writers.getObject().pathOf(ROUTER);
        Files.delete(router);
        Files.delete(index());

        var none = new org.springframework.beans.factory.support.StaticListableBeanFactory();
        dev.tunebatch.app.console.SearchConsole console = new dev.tunebatch.app.console.SearchConsole(launcher,
                inspector, null, none.getBeanProvider(dev.tunebatch.app.console.SearchCatalog.class),
                none.getBeanProvider(dev.tunebatch.app.config.TunebatchProperties.class),
                none.getBeanProvider(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class), writers);
        TunebatchCommandLine cli = new TunebatchCommandLine(List.of(search(ROUTER, "val_reward", Direction.MAX, 5,
                false)), inspector, console, ROUTER, writers);
        cli.run(new DefaultApplicationArguments("report"));

        assertThat(cli.getExitCode()).isEqualTo(ExitCodes.COMPLETED);
        assertThat(output.getOut().lines().toList()).as("prints the index's path")
                .contains(index().toAbsolutePath().toString());
        assertThat(router).as("every stored search's report is written again").isRegularFile();
        try (HtmlUnitBrowser reader = HtmlUnitBrowser.withoutScripts()) {
            HtmlPage page = reader.open(index(), "");
            assertThat(rowSearches(page)).containsExactly(BROKEN, INDEX_NAMED, ROUTER);
            assertThat(page.querySelectorAll("a.report-link")).hasSize(3);
        }
    }

    @Test
    void aSearchWithoutAReportIsListedWithoutALink() throws IOException {
        runSearches();
        Path broken = writers.getObject().pathOf(BROKEN);
        Files.delete(broken);
        writers.getObject().writeIndex();
        try (HtmlUnitBrowser reader = HtmlUnitBrowser.withoutScripts()) {
            HtmlPage page = reader.open(index(), "");
            assertThat((Object) page.querySelector("tr[data-search='" + BROKEN + "'] a")).as("no link").isNull();
            assertThat(page.querySelector("tr[data-search='" + BROKEN + "'] .no-report").getTextContent())
                    .isEqualTo("no report yet: report " + BROKEN);
            assertThat(page.querySelectorAll("a.report-link")).hasSize(2);
        } finally {
            writers.getObject().write(BROKEN);
            writers.getObject().writeIndex();
        }
    }

    @Test
    void theIndexLaysOutInARealChromium() throws IOException {
        HeadlessChromium chromium = HeadlessChromium.installedOrSkip(
                "ReportIndexBrowserTest's layout of the index page in Chromium");
        runSearches();
        writers.getObject().writeAll();
        HeadlessChromium.Dump dump = chromium.dumpDom(index(), "#sort=-trials");
        assertThat(dump.console()).as("script errors, what the page's policy blocked").isEmpty();
        assertThat(dump.dom()).doesNotContain("<i>").contains("val_&lt;i&gt;loss&lt;/i&gt;");
        try (HtmlUnitBrowser reader = HtmlUnitBrowser.withoutScripts()) {
            HtmlPage page = reader.parse(dump.dom(), index());
            assertThat(attribute(page, "body", "data-report-ready")).isEqualTo("true");
            assertThat(attribute(page, "#searches-table", "data-rendered-rows")).isEqualTo("3");
            assertThat(attribute(page, "#searches-table", "data-sorted-by")).isEqualTo("-trials");
            assertThat(rowSearches(page)).as("fewest trials first").containsExactly(INDEX_NAMED, BROKEN, ROUTER);
        }
    }

    // --- reading the page

    private static String attribute(HtmlPage page, String selector, String attribute) {
        DomElement element = page.querySelector(selector);
        if (element == null) {
            throw new AssertionError("No element " + selector + " in the index page");
        }
        return element.hasAttribute(attribute) ? element.getAttribute(attribute) : null;
    }

    private static List<String> rowSearches(HtmlPage page) {
        return page.querySelectorAll("#searches-table > tbody > tr").stream()
                .map(row -> ((DomElement) row).getAttribute("data-search")).toList();
    }

    private static List<String> cells(HtmlPage page, String search) {
        return page.querySelectorAll("#searches-table tr[data-search='" + search + "'] > td").stream()
                .map(cell -> cell.getTextContent().strip()).toList();
    }

    private static void click(HtmlPage page, String selector) {
        try {
            ((HtmlElement) page.querySelector(selector)).click();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
