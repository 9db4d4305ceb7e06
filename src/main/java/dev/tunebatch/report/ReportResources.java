package dev.tunebatch.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The style sheet and script the report pages inline ({@code report.css}, {@code report.js} beside this class): read
 * once, and refused when they could end their inline block early.
 */
final class ReportResources {

    /** The pages' style sheet. */
    static final String CSS = load("report.css");
    /** The pages' script: hover links, sortable tables, layout measurements, {@code data-report-ready}. */
    static final String JS = load("report.js");

    private ReportResources() {
    }

    private static String load(String name) {
        try (InputStream in = ReportResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The report resource " + name + " is missing from the classpath "
                        + "(dev/tunebatch/report/" + name + "); rebuild the application.");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(Locale.ROOT).contains("</script") || text.contains("</style")) {
                throw new IllegalStateException("The report resource " + name + " must not contain a closing "
                        + "</script> or </style> tag, which would end its inline block.");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the report resource " + name, e);
        }
    }
}
