package dev.tunebatch.app.failure;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Prints a failure analysis as one line on standard error, {@code tunebatch: <problem and fix>}, instead of Boot's
 * multi-line banner (whose logger is switched off in {@code tunebatch-demo.properties}).
 */
public final class OneLineFailureReporter implements FailureAnalysisReporter {

    @Override
    public void report(FailureAnalysis analysis) {
        System.err.println(line(analysis));
        System.err.flush();
    }

    /** The analysis as one line. */
    static String line(FailureAnalysis analysis) {
        String action = analysis.getAction() == null ? "" : analysis.getAction().strip();
        String text = analysis.getDescription().strip() + (action.isEmpty() ? "" : " " + action);
        return "tunebatch: " + text.replaceAll("\\s*\\R\\s*", " ");
    }
}
