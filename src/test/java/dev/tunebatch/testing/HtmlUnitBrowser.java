package dev.tunebatch.testing;

import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.ScriptException;
import org.htmlunit.SilentCssErrorHandler;
import org.htmlunit.StringWebResponse;
import org.htmlunit.WebClient;
import org.htmlunit.WebConnection;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.WebResponseData;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.javascript.JavaScriptErrorListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HtmlUnit, a browser engine written in Java that comes from Maven Central, so that a page's scripts and DOM can be
 * tested on any machine with a JDK. It has no layout engine (sizes are estimates, nothing is painted) and does not
 * enforce a Content-Security-Policy; {@link ContentSecurityPolicyAudit} checks a page against its policy instead.
 * The browser never reaches the network: every request it would send is answered 404 and recorded.
 */
public final class HtmlUnitBrowser implements AutoCloseable {

    private final WebClient client;
    private final List<URL> networkRequests = new CopyOnWriteArrayList<>();
    private final List<String> scriptErrors = new CopyOnWriteArrayList<>();

    private HtmlUnitBrowser(boolean javaScript) {
        client = new WebClient(BrowserVersion.BEST_SUPPORTED);
        client.getOptions().setJavaScriptEnabled(javaScript);
        client.getOptions().setThrowExceptionOnScriptError(true);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setPrintContentOnFailingStatusCode(false);
        client.getOptions().setDownloadImages(true);
        client.setCssErrorHandler(new SilentCssErrorHandler());
        client.setIncorrectnessListener((message, origin) -> { });
        client.setWebConnection(new RecordingConnection());
        client.setJavaScriptErrorListener(new RecordingErrors());
    }

    /**
     * A browser that runs scripts; a script error fails the call that caused it (loading, a click, a hover) and is
     * kept in {@link #scriptErrors()}.
     */
    public static HtmlUnitBrowser withScripts() {
        return new HtmlUnitBrowser(true);
    }

    /** {@code page} (opened with {@code fragment}, e.g. {@code "#sort=score"}) after its scripts ran. */
    public HtmlPage open(Path page, String fragment) {
        try {
            return client.getPage(page.toAbsolutePath().toUri() + (fragment == null ? "" : fragment));
        } catch (IOException e) {
            throw new UncheckedIOException("HtmlUnit could not open " + page, e);
        }
    }

    /** A browser that runs no script, to read as a DOM what another browser dumped. */
    public static HtmlUnitBrowser withoutScripts() {
        return new HtmlUnitBrowser(false);
    }

    /** Parses {@code html}, as if it had been loaded from {@code origin}. */
    public HtmlPage parse(String html, Path origin) {
        try {
            URL url = origin.toAbsolutePath().toUri().toURL();
            Page page = client.loadWebResponseInto(new StringWebResponse(html, url), client.getCurrentWindow());
            return (HtmlPage) page;
        } catch (IOException e) {
            throw new UncheckedIOException("HtmlUnit could not parse the page of " + origin, e);
        }
    }

    /** The URLs the pages opened so far asked the network for, in order. */
    public List<URL> networkRequests() {
        return List.copyOf(networkRequests);
    }

    /** The script errors of the pages opened so far, also those of timers and other background work. */
    public List<String> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Records script errors instead of logging them; a script that could not be loaded is already among the
     * {@link #networkRequests()}.
     */
    private final class RecordingErrors implements JavaScriptErrorListener {

        @Override
        public void scriptException(HtmlPage page, ScriptException e) {
            scriptErrors.add(e.getMessage());
        }

        @Override
        public void timeoutError(HtmlPage page, long allowedTime, long executionTime) {
            scriptErrors.add("a script ran longer than " + allowedTime + " ms");
        }

        @Override
        public void malformedScriptURL(HtmlPage page, String url, MalformedURLException e) {
            scriptErrors.add("malformed script URL " + url);
        }

        @Override
        public void loadScriptError(HtmlPage page, URL scriptUrl, Exception e) {
            // recorded as a network request
        }

        @Override
        public void warn(String message, String sourceName, int line, String lineSource, int lineOffset) {
            // warnings are not errors
        }
    }

    /** Stands in for the network: records each request and answers 404 (file: and data: URLs never get here). */
    private final class RecordingConnection implements WebConnection {

        @Override
        public WebResponse getResponse(WebRequest request) {
            networkRequests.add(request.getUrl());
            return new WebResponse(new WebResponseData(new byte[0], 404, "Not Found", List.of()), request, 0);
        }

        @Override
        public void close() {
            // nothing was opened
        }
    }
}
