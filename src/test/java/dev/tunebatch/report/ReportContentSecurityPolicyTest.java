package dev.tunebatch.report;

import dev.tunebatch.testing.ContentSecurityPolicyAudit;
import dev.tunebatch.testing.HtmlUnitBrowser;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.tunebatch.report.ReportFixtures.report;
import static dev.tunebatch.report.ReportFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page works under its own Content-Security-Policy in HtmlUnit, and the audit that says so finds what the policy
 * would block: a script, an image, a stylesheet or a background from elsewhere, an inline script the policy forbids.
 */
class ReportContentSecurityPolicyTest {

    private static final String ELSEWHERE = "http://127.0.0.1:9/";

    @TempDir
    Path dir;

    private Path write(String html) throws IOException {
        return Files.writeString(dir.resolve("report.html"), html);
    }

    private static String page() {
        return HtmlReportRenderer.render(report(true, scored(0.1, 0.5, 0.3, 0.9), List.of()));
    }

    @Test
    void theReportsScriptRunsAndNothingOnThePageIsBlockedByItsPolicy() throws IOException {
        try (HtmlUnitBrowser browser = HtmlUnitBrowser.withScripts()) {
            HtmlPage page = browser.open(write(page()), "#sort=score");

            assertThat(page.getBody().getAttribute("data-report-ready")).isEqualTo("true");
            assertThat(ContentSecurityPolicyAudit.violations(page)).isEmpty();
            assertThat(browser.networkRequests()).isEmpty();
            assertThat(browser.scriptErrors()).isEmpty();
        }
    }

    @Test
    void resourcesFromElsewhereAreFoundAndWereAskedOfTheNetwork() throws IOException {
        String injected = page().replace("</body>", "<script src=\"" + ELSEWHERE + "chart.js\"></script>"
                + "<img src=\"" + ELSEWHERE + "logo.png\"><link rel=\"stylesheet\" href=\"" + ELSEWHERE + "x.css\">"
                + "<div style=\"background: url('" + ELSEWHERE + "bg.png')\"></div></body>");
        try (HtmlUnitBrowser browser = HtmlUnitBrowser.withScripts()) {
            HtmlPage page = browser.open(write(injected), "");

            List<String> violations = ContentSecurityPolicyAudit.violations(page);
            assertThat(violations).hasSize(4);
            for (String resource : List.of("chart.js", "logo.png", "x.css", "bg.png")) {
                assertThat(violations).as(resource).anyMatch(v -> v.contains(ELSEWHERE + resource));
            }
            assertThat(browser.networkRequests()).contains(url(ELSEWHERE + "chart.js"), url(ELSEWHERE + "logo.png"));
        }
    }

    @Test
    void anInlineScriptThePolicyForbidsIsFound() throws IOException {
        String strict = page().replace("script-src 'unsafe-inline'", "script-src 'none'");
        try (HtmlUnitBrowser browser = HtmlUnitBrowser.withScripts()) {
            HtmlPage page = browser.open(write(strict), "");

            assertThat(ContentSecurityPolicyAudit.violations(page)).containsExactly(
                    "<script> inline script is blocked by the page's policy");
        }
    }

    @Test
    void aPageWithoutAPolicyIsReported() throws IOException {
        String none = page().replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        try (HtmlUnitBrowser browser = HtmlUnitBrowser.withScripts()) {
            assertThat(ContentSecurityPolicyAudit.violations(browser.open(write(none), "")))
                    .containsExactly("the page declares no Content-Security-Policy");
        }
    }

    private static URL url(String spec) {
        try {
            return URI.create(spec).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(spec, e);
        }
    }
}
