package dev.tunebatch.app;

import dev.tunebatch.app.failure.UsageException;
import dev.tunebatch.batch.launch.RunKey;
import org.springframework.boot.ApplicationArguments;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the command line asks for, checked in full before anything runs: the command, its search (or, for
 * {@code worker}, the searches it serves), and its options ({@code --run-key} for {@code run}, {@code --top} for
 * {@code results}). Options with a dotted name are settings ({@code --tunebatch.demo.max-trials=20}) and are left to
 * Spring; any other option is a mistake. Whether a search is defined is checked by the command line, which knows them.
 *
 * @param command the command: run, status, results, report, list or worker
 * @param search  the search it concerns, or {@code null} for {@code list} and {@code worker}
 * @param runKey  {@code --run-key} of {@code run}, or {@code null} for the run {@value RunKey#DEFAULT}
 * @param top     {@code --top} of {@code results} (default 10)
 * @param served  the searches {@code worker} serves, in the order given without repeats; empty: every search the
 *                application defines (and for the other commands)
 */
public record CommandRequest(String command, String search, String runKey, int top, List<String> served) {

    /** The usage line appended to every command-line error. */
    public static final String USAGE = "Usage: run <search> [--run-key=KEY] | status <search> | "
            + "results <search> [--top=N] | report [<search>] | list | worker [<search>...]";

    public CommandRequest {
        served = List.copyOf(served);
    }

    /** A request of a command other than {@code worker}. */
    public CommandRequest(String command, String search, String runKey, int top) {
        this(command, search, runKey, top, List.of());
    }

    /** The most trials {@code results --top} shows. */
    public static final int MAX_TOP = 10_000;

    private static final Set<String> COMMANDS = Set.of("run", "status", "results", "report", "list", "worker");
    /** Command options and the one command each belongs to. */
    private static final Map<String, String> OPTIONS = Map.of("run-key", "run", "top", "results");
    /** Spring Boot's own flags without a dot. */
    private static final Set<String> BOOT_FLAGS = Set.of("debug", "trace");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    /**
     * Reads {@code args}; no command means {@code run} of {@code defaultSearch}.
     *
     * @throws UsageException naming the argument, its value and the fix
     */
    public static CommandRequest parse(ApplicationArguments args, String defaultSearch) {
        List<String> words = args.getNonOptionArgs();
        String command = words.isEmpty() ? "run" : words.get(0);
        if (!COMMANDS.contains(command)) {
            throw usage("Unknown command '" + shown(command) + "'.");
        }
        String search = words.isEmpty() ? defaultSearch : null;
        List<String> served = List.of();
        if (command.equals("worker")) {
            served = List.copyOf(new LinkedHashSet<>(words.subList(1, words.size())));
        } else if (command.equals("list")) {
            if (words.size() > 1) {
                throw usage(command + " takes no argument; remove '" + shown(words.get(1)) + "'.");
            }
        } else if (command.equals("report") && words.size() == 1) {
            search = null; // every search's report and the index
        } else if (!words.isEmpty()) {
            if (words.size() < 2) {
                throw usage("Name a search: " + command + " <search>.");
            }
            if (words.size() > 2) {
                throw usage("Unexpected argument '" + shown(words.get(2)) + "' after the search name; " + command
                        + " takes one search.");
            }
            search = words.get(1);
        }
        for (String option : args.getOptionNames()) {
            checkOption(command, option);
        }
        String runKey = option(args, "run-key").orElse(null);
        if (runKey != null) {
            Optional<String> problem = RunKey.problem(runKey);
            if (problem.isPresent()) {
                throw usage("--run-key=" + RunKey.shown(runKey) + " " + problem.get() + "; pass e.g. "
                        + "--run-key=2026-11-29 (the date, or the Kubernetes Job name), or leave it out for the run '"
                        + RunKey.DEFAULT + "'.");
            }
        }
        int top = option(args, "top").map(CommandRequest::top).orElse(10);
        return new CommandRequest(command, search, runKey, top, served);
    }

    private static void checkOption(String command, String option) {
        if (option.contains(".") || BOOT_FLAGS.contains(option)) {
            return;
        }
        String owner = OPTIONS.get(option);
        if (owner == null) {
            throw usage("Unknown option '--" + shown(option) + "'. Commands take --run-key=KEY (run) and --top=N "
                    + "(results); settings have dotted names, e.g. --tunebatch.demo.max-trials=20.");
        }
        if (!owner.equals(command)) {
            throw usage("--" + option + " applies to " + owner + " only, not to " + command + "; remove it.");
        }
    }

    /** The option's last value; an option given without {@code =value} has the empty value. */
    private static Optional<String> option(ApplicationArguments args, String name) {
        if (!args.containsOption(name)) {
            return Optional.empty();
        }
        List<String> values = args.getOptionValues(name);
        return Optional.of(values == null || values.isEmpty() ? "" : values.get(values.size() - 1));
    }

    private static int top(String value) {
        int n = DIGITS.matcher(value).matches() ? Integer.parseInt(value) : -1;
        if (n < 1 || n > MAX_TOP) {
            throw usage("--top=" + shown(value) + " is not a whole number from 1 to " + MAX_TOP
                    + "; pass e.g. --top=10.");
        }
        return n;
    }

    private static String shown(String value) {
        return RunKey.shown(value);
    }

    private static UsageException usage(String problem) {
        return new UsageException(problem + " " + USAGE);
    }
}
