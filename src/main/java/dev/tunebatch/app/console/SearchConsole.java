package dev.tunebatch.app.console;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.app.failure.ServiceUnavailableException;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.LaunchOutcome;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.batch.launch.SearchLauncher;
import dev.tunebatch.report.SearchReportWriter;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import dev.tunebatch.results.SearchInspector;
import dev.tunebatch.results.StoredBudgets;
import dev.tunebatch.results.StoredSearches;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.ObjectProvider;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;

/**
 * What {@code run <search>} shows: a preflight of the search's services, keras-tuner's progress while the engine runs
 * it (or resumes it), the outcome, the results summary, the held-out (test) score of the best configuration, a text
 * report, and where the results are stored. A finished search is shown again without running a trial.
 */
public final class SearchConsole {

    private final SearchLauncher launcher;
    private final SearchInspector inspector;
    private final DataSource dataSource;
    private final ObjectProvider<SearchCatalog> catalog;
    private final ObjectProvider<TunebatchProperties> properties;
    private final ObjectProvider<EmbeddedPostgres> embedded;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    private final ObjectProvider<SearchReportWriter> htmlReports;

    public SearchConsole(SearchLauncher launcher, SearchInspector inspector, DataSource dataSource,
                         ObjectProvider<SearchCatalog> catalog, ObjectProvider<TunebatchProperties> properties,
                         ObjectProvider<EmbeddedPostgres> embedded, ObjectProvider<SearchReportWriter> htmlReports) {
        this.htmlReports = htmlReports;
        this.launcher = launcher;
        this.inspector = inspector;
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.properties = properties;
        this.embedded = embedded;
    }

    /**
     * Runs (resumes, or shows the finished) {@code definition} under {@code runKey}; returns the exit code. A run
     * refused before it claimed the search (a failed preflight, a bad run key, another live process) prints one line
     * on standard error and nothing else.
     */
    public int run(SearchDefinition definition, String runKey) {
        String name = definition.name();
        try {
            catalog.ifAvailable(c -> c.preflight(name));
        } catch (InvalidSettingException e) {
            err.println("tunebatch: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (ServiceUnavailableException e) {
            err.println("tunebatch: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        AtomicBoolean claimed = new AtomicBoolean();
        LaunchOutcome outcome = launcher.run(definition, runKey, () -> {
            claimed.set(true);
            header(name, runKey);
        });
        if (!claimed.get() && outcome.exitCode() != ExitCodes.COMPLETED) {
            err.println("tunebatch: " + outcome.message());
            return outcome.exitCode();
        }
        out.println();
        if (outcome.exitCode() == ExitCodes.COMPLETED) {
            out.println(outcome.message());
        } else {
            err.println("tunebatch: " + outcome.message());
        }
        if (outcome.exitCode() == ExitCodes.UNAVAILABLE || outcome.exitCode() == ExitCodes.BUSY) {
            return outcome.exitCode();
        }
        results(name).ifPresent(r -> finish(r, outcome.exitCode() == ExitCodes.COMPLETED));
        return outcome.exitCode();
    }

    /** Says whether the search starts, resumes, or (saying nothing here) is shown finished. */
    private void header(String name, String runKey) {
        String run = runKey == null || runKey.isBlank() ? "default" : runKey;
        String label = "search '" + name + "'" + (runKey == null ? "" : " (run " + runKey + ")");
        try {
            if (inspector.executions(name).stream().anyMatch(e -> run.equals(e.runKey())
                    && "COMPLETED".equals(e.status()))) {
                return;
            }
        } catch (RuntimeException e) {
            // the launch reports an unreachable database
        }
        Optional<StoredResults> before = results(name);
        out.println(before.isEmpty() || before.get().trials().isEmpty() ? "Running " + label + " ..."
                : "Resuming " + label + ": " + before.get().completed() + " of its " + before.get().trials().size()
                + " trials completed; an interrupted trial continues from its last checkpoint ...");
    }

    private void finish(StoredResults results, boolean completed) {
        StringBuilder report = new StringBuilder(results.summary(3));
        String budgets = budgets(results.search());
        if (!budgets.isEmpty()) {
            report.append("\nBudgets: ").append(budgets).append('\n');
        }
        out.println();
        out.print(report);
        List<Trial> best = results.best(1);
        SearchCatalog searches = catalog.getIfAvailable();
        Optional<HoldOutEvaluation> evaluation = searches == null ? Optional.empty()
                : searches.evaluation(results.search());
        if (completed && !best.isEmpty() && evaluation.isPresent()) {
            out.println();
            String score = holdOut(evaluation.get(), best.get(0));
            out.print(score);
            report.append('\n').append(score);
        }
        Path file = writeReport(results.search(), report);
        out.println();
        out.print(where(results.search(), file));
        out.flush();
    }

    private String holdOut(HoldOutEvaluation evaluation, Trial best) {
        out.println("Scoring the best configuration (trial " + best.id() + ") on the " + evaluation.data() + " ...");
        try {
            Map<String, Double> metrics = evaluation.evaluate().apply(best.hyperparameters().copy());
            StringBuilder sb = new StringBuilder("Test score of the best configuration (trial " + best.id() + ", "
                    + evaluation.data() + "):");
            metrics.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.4f", k, v)));
            return sb.append('\n').toString();
        } catch (RuntimeException e) {
            err.println("tunebatch: could not score the best configuration on the " + evaluation.data() + ": "
                    + e.getMessage());
            return "";
        }
    }

    private Path writeReport(String search, CharSequence body) {
        Path dir = properties.stream().findFirst().map(p -> p.getReport().getDir())
                .orElse(Path.of(".tunebatch/reports")).toAbsolutePath();
        Path file = dir.resolve(search + ".txt");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, search, ".tmp");
            Files.writeString(tmp, "tunebatch search '" + search + "', " + OffsetDateTime.now() + "\n\n" + body);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            err.println("tunebatch: could not write the report to " + file + " (" + e.getMessage()
                    + "); set tunebatch.report.dir to a writable folder.");
            return null;
        }
    }

    private String where(String search, Path report) {
        StringBuilder sb = new StringBuilder("Where the results are\n");
        sb.append("  database  ").append(database()).append('\n');
        sb.append("  tables    tb_trial (one row per trial: status, score, hyperparameters), tb_search (the tuner's "
                + "state),\n            batch_job_execution and batch_step_execution (the job, one step per trial)\n");
        if (report != null) {
            sb.append("  summary   ").append(report).append('\n');
        }
        SearchReportWriter html = htmlReports.getIfAvailable();
        if (html != null && Files.exists(html.pathOf(search))) {
            sb.append("  report    ").append(html.pathOf(search).toAbsolutePath())
                    .append("   (HTML: history, parallel coordinates, importance, trials, cost)\n");
        }
        sb.append("  commands  ./mvnw spring-boot:run -Dspring-boot.run.arguments=\"results ").append(search)
                .append("\"   (or \"status ").append(search).append("\")\n");
        return sb.toString();
    }

    private String database() {
        if (embedded.getIfAvailable() != null) {
            Path dir = properties.stream().findFirst().map(p -> p.getEmbedded().getDataDir())
                    .orElse(Path.of(".tunebatch/postgres"));
            return "embedded PostgreSQL, data in " + dir.toAbsolutePath() + " (set spring.datasource.url for "
                    + "your own)";
        }
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            int q = url.indexOf('?');
            return "PostgreSQL at " + (q < 0 ? url : url.substring(0, q));
        } catch (SQLException e) {
            return "PostgreSQL (spring.datasource.url)";
        }
    }

    /**
     * The {@code results} command's text: for a Pareto or constrained search the ranked trials with their front,
     * objective values and feasibility; otherwise the best trials by score.
     */
    public String resultsReport(String search, int top) {
        Optional<StoredResults> stored = results(search);
        if (stored.isPresent() && (stored.get().objective().isPareto() || stored.get().objective().hasConstraints())) {
            return stored.get().resultsTable(top);
        }
        return inspector.resultsReport(search, top);
    }

    /**
     * The {@code status} command's text; for a Pareto search the best-so-far line names the front instead, and for a
     * constrained one the best feasible trial.
     */
    public String statusReport(String search) {
        String status = inspector.statusReport(search);
        Optional<StoredResults> stored = results(search);
        if (stored.isEmpty() || !(stored.get().objective().isPareto() || stored.get().objective().hasConstraints())) {
            return status;
        }
        List<Trial> front = stored.get().paretoFront();
        String line = stored.get().objective().isPareto()
                ? "Pareto front: " + front.size() + " trials " + front.stream().map(Trial::id).toList()
                : "Best so far: " + (front.isEmpty() ? "none" : "trial " + front.get(0).id() + " score "
                + front.get(0).score() + (TrialRanking.feasible(stored.get().objective(), front.get(0)) ? ""
                : " (infeasible)") + " " + StoredResults.values(front.get(0)));
        return status.replaceFirst("(?m)^Best so far: .*$", Matcher.quoteReplacement(line));
    }

    /** What each budget of the search has consumed, or an empty string. */
    private String budgets(String search) {
        try {
            return StoredBudgets.describe(new StoredSearches(dataSource).budgets(search));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private Optional<StoredResults> results(String search) {
        try {
            return StoredResults.load(dataSource, search);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
