package dev.tunebatch.report;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.app.TunebatchCommandLine;
import dev.tunebatch.batch.ExitCodes;
import dev.tunebatch.batch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.batch.SearchInspector;
import dev.tunebatch.batch.SearchLauncher;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;
import dev.tunebatch.testing.HeadlessChromium;
import dev.tunebatch.testing.ObservedEngineTestApplication;
import dev.tunebatch.testing.TestDatabase;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.FailedTrialException;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of a real search on PostgreSQL, written when the search ends and on demand, opened in a real headless
 * Chromium: the page's script ran without error, every chart laid out its marks, the table sorts from the URL, hostile
 * values stay text, and the screenshot shows the charts.
 */
@SpringBootTest(classes = ObservedEngineTestApplication.class, properties = "tunebatch.cli.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class SearchReportBrowserTest {

    private static final HikariDataSource DB = (HikariDataSource) TestDatabase.create("report");
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

    /** A program that books two LM calls per trial in the ledger and scores from its hyperparameters; trial 3 fails. */
    private record LedgerProgram(JdbcTemplate jdbc, double score) implements Program {

        @Override
        public CompletionStage<History> fit(FitArgs args) {
            String run = (String) args.extra().get("run_id");
            String trial = (String) args.extra().get("trial_id");
            int index = Integer.parseInt(trial);
            if (index == 3) {
                return CompletableFuture.failedFuture(new FailedTrialException("the endpoint refused " + HOSTILE));
            }
            String insert = "insert into lm_cost_ledger (run_id, trial_id, phase, model, endpoint, input_tokens, "
                    + "output_tokens, cost, cached, failed, attempts, latency_ms) values (?, ?, ?, 'm', '', ?, ?, ?, "
                    + "false, false, 1, 5)";
            jdbc.update(insert, run, trial, "inference", 100, 10 * (index + 1), 0.002);
            jdbc.update(insert, run, trial, "reward", 40, 5, 0.0005);
            return CompletableFuture.completedFuture(History.of(Map.of("val_reward", List.of(score))));
        }

        @Override
        public CompletionStage<Map<String, Double>> evaluate(EvaluateArgs args) {
            throw new UnsupportedOperationException("fit only");
        }

        @Override
        public boolean hasOptimizer() {
            return true;
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
                            return new LedgerProgram(jdbc, score);
                        })
                        .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(12).seed(5),
                () -> FitArgs.builder().epochs(1).build());
    }

    @Test
    void theReportOfAFinishedSearchRendersItsChartsAndTableInChromium() throws IOException {
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
        long tokens = jdbc.queryForObject("select sum(total_tokens) from lm_cost_ledger where run_id = ?", Long.class,
                name);
        assertThat(trials).isEqualTo(12);
        assertThat(completed).isEqualTo(11);

        String dom = HeadlessChromium.installed().dumpDom(page, "#sort=score");

        assertThat(attribute(dom, "body", "data-report-ready")).as("the page's script ran to its end")
                .isEqualTo("true");
        assertThat(attribute(dom, "body", "data-report-errors")).as("script errors").isNull();
        for (String chart : List.of("history", "parallel")) {
            String svg = "svg[data-chart=" + chart + "]";
            assertThat(attribute(dom, svg, "data-rendered-marks")).as(chart + " marks laid out")
                    .isEqualTo(String.valueOf(completed));
            assertThat(Integer.parseInt(attribute(dom, svg, "data-rendered-width"))).as(chart + " width")
                    .isGreaterThan(600);
        }
        assertThat(attribute(dom, "svg[data-chart=parallel]", "data-axes")).as("five hyperparameters and the score")
                .isEqualTo("6");
        assertThat(Integer.parseInt(attribute(dom, "svg[data-chart=importance]", "data-rendered-marks")))
                .as("importance bars").isBetween(1, 5)
                .isEqualTo(Integer.parseInt(attribute(dom, "svg[data-chart=importance]", "data-expected-marks")));
        assertThat(dom).contains("best-so-far");

        assertThat(attribute(dom, "table#trials-table", "data-rendered-rows")).isEqualTo(String.valueOf(trials));
        assertThat(attribute(dom, "table#trials-table", "data-sorted-by")).isEqualTo("score");
        List<String> rows = rowTrials(dom, "trials-table");
        assertThat(rows).hasSize(trials);
        assertThat(rows.get(0)).as("#sort=score puts the best trial first").isEqualTo(best);
        String failed = trialId(jdbc, name, "FAILED");
        assertThat(rows.get(rows.size() - 1)).as("the trial without a score sorts last").isEqualTo(failed);
        assertThat(cells(dom, "trials-table", failed)).as("the failed trial's row").startsWith(failed, "FAILED", "");

        assertThat(textOf(dom, "total-tokens")).isEqualTo(String.valueOf(tokens));
        assertThat(rowTrials(dom, "cost-table")).hasSize(2 * completed);
        assertThat(dom).as("hostile values stay text").doesNotContain("<img").contains("&lt;img src=x");
        assertThat(attribute(dom, "span[data-status=COMPLETED]", "data-count")).isEqualTo(String.valueOf(completed));
        assertThat(attribute(dom, "span[data-status=FAILED]", "data-count")).isEqualTo("1");

        Path png = REPORTS.resolve(name + ".png");
        HeadlessChromium.installed().screenshot(page, png, 2400);
        assertScreenshotShowsCharts(png);
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

    // --- reading the dumped DOM: a few exact patterns, enough for the markup the renderer and the browser produce

    /** The attribute of the first element matching {@code tag}, {@code tag#id} or {@code tag[attr=value]}. */
    static String attribute(String dom, String selector, String attribute) {
        Matcher m = Pattern.compile("<" + openingTag(selector) + "[^>]*>").matcher(dom);
        if (!m.find()) {
            throw new AssertionError("No element " + selector + " in the rendered page");
        }
        Matcher a = Pattern.compile("\\s" + Pattern.quote(attribute) + "=\"([^\"]*)\"").matcher(m.group());
        return a.find() ? a.group(1) : null;
    }

    private static String openingTag(String selector) {
        Matcher m = Pattern.compile("(\\w+)(?:#([\\w-]+)|\\[([\\w-]+)=([^\\]]+)])?").matcher(selector);
        if (!m.matches()) {
            throw new IllegalArgumentException("selector: " + selector);
        }
        String tag = m.group(1);
        if (m.group(2) != null) {
            return tag + "(?=[^>]*\\sid=\"" + Pattern.quote(m.group(2)) + "\")";
        }
        if (m.group(3) != null) {
            return tag + "(?=[^>]*\\s" + Pattern.quote(m.group(3)) + "=\"" + Pattern.quote(m.group(4)) + "\")";
        }
        return tag + "(?=[\\s>])";
    }

    /** The {@code data-trial} of each body row of a table, in document order. */
    static List<String> rowTrials(String dom, String tableId) {
        int start = dom.indexOf("id=\"" + tableId + "\"");
        assertThat(start).as("table " + tableId).isPositive();
        String table = dom.substring(start, dom.indexOf("</table>", start));
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr[^>]*\\sdata-trial=\"([^\"]*)\"").matcher(table);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The texts of the cells of the row of {@code trial} in a table. */
    static List<String> cells(String dom, String tableId, String trial) {
        int table = dom.indexOf("id=\"" + tableId + "\"");
        int row = dom.indexOf("data-trial=\"" + trial + "\"", table);
        String html = dom.substring(row, dom.indexOf("</tr>", row));
        List<String> cells = new ArrayList<>();
        Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(html);
        while (m.find()) {
            cells.add(m.group(1).replaceAll("<[^>]*>", "").trim());
        }
        return cells;
    }

    /** The text of the element with {@code id}. */
    static String textOf(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
        if (!m.find()) {
            throw new AssertionError("No element #" + id + " in the rendered page");
        }
        return m.group(1);
    }
}
