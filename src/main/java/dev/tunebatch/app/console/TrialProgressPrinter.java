package dev.tunebatch.app.console;

import dev.tunebatch.hp.Values;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * keras-tuner's console progress for a search the batch engine runs: "Search: Running Trial #N", the
 * {@code Value | Best Value So Far | Hyperparameter} table, "Trial N Complete [..]", the objective, the best so far
 * and the total elapsed time. The engine runs trials silently, so this polls the search's rows in {@code tb_trial}
 * while the launch runs and prints each trial when it starts and when it ends; trials that had ended before are
 * not printed again.
 */
final class TrialProgressPrinter implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final DataSource dataSource;
    private final String search;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final Map<String, TrialStatus> printed = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean printedAny;

    private TrialProgressPrinter(DataSource dataSource, String search, PrintStream out) {
        this.dataSource = dataSource;
        this.search = search;
        this.out = out;
        load().ifPresent(r -> r.trials().stream().filter(t -> ended(t.status()))
                .forEach(t -> printed.put(t.id(), t.status())));
        this.thread = Thread.ofPlatform().daemon().name("tunebatch-progress").unstarted(this::loop);
    }

    /** Starts printing the progress of {@code search}. */
    static TrialProgressPrinter start(DataSource dataSource, String search, PrintStream out) {
        TrialProgressPrinter p = new TrialProgressPrinter(dataSource, search, out);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (!stopping) {
            poll();
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops polling after printing what happened up to now. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll();
    }

    private synchronized void poll() {
        Optional<StoredResults> results = load();
        if (results.isEmpty()) {
            return;
        }
        List<Trial> trials = results.get().trials();
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            TrialStatus before = printed.get(t.id());
            if (t.status() == before) {
                continue;
            }
            if (t.status() == TrialStatus.RUNNING || before == null) {
                begin(results.get(), t, i + 1);
            }
            if (ended(t.status())) {
                end(results.get(), t, i + 1);
            }
            printed.put(t.id(), t.status());
            printedAny = true;
        }
        out.flush();
    }

    /** Whether any trial was printed. */
    boolean printedAny() {
        return printedAny;
    }

    private static boolean ended(TrialStatus status) {
        return status == TrialStatus.COMPLETED || status == TrialStatus.INVALID || status == TrialStatus.FAILED;
    }

    private Optional<StoredResults> load() {
        try {
            return StoredResults.load(dataSource, search);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void begin(StoredResults results, Trial trial, int number) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append("Search: Running Trial #").append(number).append("\n\n");
        Map<String, Object> values = StoredResults.values(trial);
        if (values.isEmpty()) {
            sb.append("default configuration\n");
        } else {
            sb.append(String.format("%-18s|%-18s|%s%n", "Value", "Best Value So Far", "Hyperparameter"));
            List<Trial> best = results.best(1);
            Map<String, Object> bestValues = best.isEmpty() ? values : best.get(0).hyperparameters().values();
            values.forEach((name, v) -> sb.append(String.format("%-18s|%-18s|%s%n", cell(v),
                    cell(bestValues.get(name)), name)));
        }
        out.print(sb);
        out.println();
    }

    private void end(StoredResults results, Trial trial, int number) {
        String objective = results.objective().name();
        out.println();
        Duration took = trial.startedAt() == null || trial.endedAt() == null ? Duration.ZERO
                : Duration.between(trial.startedAt(), trial.endedAt());
        if (trial.status() == TrialStatus.COMPLETED) {
            out.println("Trial " + number + " Complete [" + hms(took) + "]");
        } else {
            out.println("Trial " + number + " " + trial.status() + " [" + hms(took) + "]: " + firstLine(trial.message()));
        }
        if (trial.score() != null) {
            out.println(objective + ": " + Values.pythonStr(trial.score()));
        }
        out.println();
        List<Trial> best = results.best(1);
        out.println("Best " + objective + " So Far: " + (best.isEmpty() ? "None" : Values.pythonStr(best.get(0).score())));
        out.println("Total elapsed time: " + hms(Duration.ofNanos(System.nanoTime() - startNanos)));
    }

    private static String cell(Object v) {
        if (v == null) {
            return "None";
        }
        String s = v instanceof Double || v instanceof Float ? Values.formatG5(((Number) v).doubleValue())
                : String.valueOf(v);
        return s.length() > 18 ? s.substring(0, 15) + "..." : s;
    }

    /** {@code 00h 00m 02s}. */
    static String hms(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return String.format("%02dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
