package dev.tunebatch.app;

import dev.tunebatch.app.console.SearchConsole;
import dev.tunebatch.app.failure.UsageException;
import dev.tunebatch.app.schedule.NotScheduledCondition;
import dev.tunebatch.batch.DatabaseOutage;
import dev.tunebatch.batch.launch.ExitCodes;
import dev.tunebatch.batch.launch.RemoteExecution;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.results.SearchInspector;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import dev.tunebatch.report.SearchReportWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The command line: {@code run <search> [--run-key=K]}, {@code status <search>}, {@code results <search> [--top=N]},
 * {@code report <search>} (writes the HTML report, prints its path), {@code report} (every stored search's report and
 * the index page linking them, prints the index's path), {@code list}, {@code worker [<search>...]} (serves the
 * trials of the named searches, or of every search, until shutdown); with no command, {@code run} of the default
 * search ({@code tunebatch.default-search}, or the only declared search). Sets the process exit code (see
 * {@link ExitCodes}). {@code run} shows progress, results and where they are through {@link SearchConsole}. Off when
 * {@code tunebatch.schedule.cron} is set (the application is then a service running the schedule).
 */
@Component
@ConditionalOnBooleanProperty(name = "tunebatch.cli.enabled", matchIfMissing = true)
@Conditional(NotScheduledCondition.class)
@Import(SearchConsole.class)
public class TunebatchCommandLine implements ApplicationRunner, ExitCodeGenerator {

    private final Map<String, SearchDefinition> searches;
    private final SearchInspector inspector;
    private final SearchConsole console;
    private final ObjectProvider<SearchReportWriter> reports;
    private final String defaultSearch;
    private final RemoteExecution remote;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private int exitCode;

    /** A command line without the {@code worker} command (it needs remote execution's beans). */
    public TunebatchCommandLine(List<SearchDefinition> definitions, SearchInspector inspector, SearchConsole console,
                                String defaultSearch, ObjectProvider<SearchReportWriter> reports) {
        this(definitions, inspector, console, defaultSearch, reports, null);
    }

    @Autowired
    public TunebatchCommandLine(List<SearchDefinition> definitions, SearchInspector inspector, SearchConsole console,
                                @Value("${tunebatch.default-search:}") String defaultSearch,
                                ObjectProvider<SearchReportWriter> reports, RemoteExecution remote) {
        this.reports = reports;
        this.remote = remote;
        this.searches = definitions.stream().collect(Collectors.toMap(SearchDefinition::name, Function.identity(),
                (a, b) -> {
                    throw new IllegalStateException("Two searches are named '" + a.name()
                            + "'; give each SearchDefinition bean a unique name.");
                }, TreeMap::new));
        this.inspector = inspector;
        this.console = console;
        this.defaultSearch = defaultSearch != null && !defaultSearch.isBlank() ? defaultSearch
                : searches.size() == 1 ? searches.keySet().iterator().next() : null;
    }

    /**
     * The command line, checked when the application starts: the database is not touched before this bean exists (see
     * {@link SettingsFirst}), so a bad command line changes nothing.
     */
    @Bean
    static CommandRequest tunebatchCommand(ApplicationArguments args,
                                           @Value("${tunebatch.default-search:}") String defaultSearch) {
        return CommandRequest.parse(args, defaultSearch);
    }

    @Override
    public void run(ApplicationArguments args) {
        CommandRequest request;
        try {
            request = CommandRequest.parse(args, defaultSearch);
        } catch (UsageException e) {
            err.println("tunebatch: " + e.getMessage());
            exitCode = ExitCodes.USAGE;
            return;
        }
        String search = request.search();
        exitCode = switch (request.command()) {
            case "list" -> list();
            case "worker" -> worker(request.served());
            case "run" -> withSearch(search, name -> run(name, request.runKey()));
            case "status" -> withStoredSearch(search, name -> {
                out.print(console.statusReport(name));
                return ExitCodes.COMPLETED;
            });
            case "report" -> search == null ? report(null) : withStoredSearch(search, this::report);
            case "results" -> withStoredSearch(search, name -> {
                out.print(console.resultsReport(name, request.top()));
                return ExitCodes.COMPLETED;
            });
            default -> usage("Unknown command '" + request.command() + "'.");
        };
    }

    /**
     * Serves the trials of the {@code named} searches, or of every search of this application when none is named,
     * until shutdown (SIGTERM).
     */
    private int worker(List<String> named) {
        if (remote == null) {
            return usage("This application has no remote execution; import BatchEngineConfiguration to serve trials.");
        }
        for (String name : named) {
            if (!searches.containsKey(name)) {
                return unknownSearch(name);
            }
        }
        try {
            remote.serve(named.isEmpty() ? List.copyOf(searches.values())
                    : named.stream().map(searches::get).toList());
            return ExitCodes.COMPLETED;
        } catch (DatabaseOutage.DatabaseUnavailableException e) {
            err.println("tunebatch: The worker lost its database: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.COMPLETED;
        }
    }

    private int list() {
        searches.keySet().forEach(out::println);
        return ExitCodes.COMPLETED;
    }

    private int run(String name, String runKey) {
        return console.run(searches.get(name), runKey);
    }

    private int withSearch(String name, Function<String, Integer> action) {
        if (name == null) {
            return usage("Name a search (run <search>), or set tunebatch.default-search; known searches: "
                    + String.join(", ", searches.keySet()) + ".");
        }
        if (!searches.containsKey(name)) {
            return unknownSearch(name);
        }
        return action.apply(name);
    }

    private int unknownSearch(String name) {
        return usage("Unknown search '" + name + "'. Known searches: " + String.join(", ", searches.keySet())
                + ". Declare a SearchDefinition bean to add one.");
    }

    private int withStoredSearch(String name, Function<String, Integer> action) {
        if (!inspector.exists(name)) {
            return usage("No search named '" + name + "' is stored in the database; run it first (run " + name
                    + ").");
        }
        return action.apply(name);
    }

    private int usage(String problem) {
        err.println("tunebatch: " + problem + " " + CommandRequest.USAGE);
        return ExitCodes.USAGE;
    }

    private int report(String name) {
        SearchReportWriter writer = reports.getIfAvailable();
        if (writer == null) {
            err.println("tunebatch: Reports are off in this application; remove tunebatch.report.enabled=false "
                    + "(or import dev.tunebatch.report.ReportConfiguration).");
            return ExitCodes.USAGE;
        }
        try {
            out.println(name == null ? writer.writeAll() : writer.write(name));
        } catch (UncheckedIOException e) {
            err.println("tunebatch: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        return ExitCodes.COMPLETED;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
