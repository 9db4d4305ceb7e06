package dev.tunebatch.tuner;

import dev.tunebatch.hp.Values;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** keras-tuner's console progress: the per-trial table, the end-of-trial lines, elapsed times. */
final class SearchDisplay {

    private final PrintStream out;
    private final String objectiveName;
    private volatile boolean verbose;
    private long searchStartNanos = System.nanoTime();

    SearchDisplay(PrintStream out, String objectiveName, boolean verbose) {
        this.out = out;
        this.objectiveName = objectiveName;
        this.verbose = verbose;
    }

    void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    boolean verbose() {
        return verbose;
    }

    void onSearchBegin() {
        searchStartNanos = System.nanoTime();
    }

    void line(String text) {
        if (verbose) {
            out.println(text);
        }
    }

    void onTrialBegin(Trial trial, int number, Trial best) {
        if (!verbose) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append("Search: Running Trial #").append(number).append("\n\n");
        Map<String, Object> values = trial.hyperparameters().values();
        if (values.isEmpty()) {
            sb.append("default configuration\n");
        } else {
            sb.append(String.format("%-18s|%-18s|%s%n", "Value", "Best Value So Far", "Hyperparameter"));
            Map<String, Object> bestValues = best == null ? Map.of() : best.hyperparameters().values();
            values.forEach((name, v) -> sb.append(String.format("%-18s|%-18s|%s%n", cell(v),
                    cell(bestValues.get(name)), name)));
        }
        out.print(sb);
        out.println();
    }

    void onTrialEnd(Trial trial, int number, long trialNanos, Double bestScore, List<String> violated) {
        if (!verbose) {
            return;
        }
        out.println();
        out.println("Trial " + number + (trial.status() == dev.tunebatch.oracle.TrialStatus.STOPPED ? " Stopped ["
                : " Complete [") + formatDuration(Duration.ofNanos(trialNanos)) + "]");
        if (trial.score() != null) {
            out.println(objectiveName + ": " + Values.pythonStr(trial.score()));
        }
        printViolations(violated);
        out.println();
        out.println("Best " + objectiveName + " So Far: " + (bestScore == null ? "None" : Values.pythonStr(bestScore)));
        out.println("Total elapsed time: " + formatDuration(Duration.ofNanos(System.nanoTime() - searchStartNanos)));
    }

    /** A Pareto trial's end: each objective's value, the front's size and members, elapsed time. */
    void onParetoTrialEnd(Trial trial, int number, long trialNanos, ObjectiveSpec objective, List<Trial> front,
                          List<String> violated) {
        if (!verbose) {
            return;
        }
        out.println();
        out.println("Trial " + number + " Complete [" + formatDuration(Duration.ofNanos(trialNanos)) + "]");
        if (trial.status() == TrialStatus.COMPLETED) {
            for (String name : objective.directions().keySet()) {
                out.println(name + ": " + Values.pythonStr(trial.metrics().bestValue(name)));
            }
        }
        printViolations(violated);
        out.println();
        out.println("Pareto front so far: " + front.size() + (front.size() == 1 ? " trial " : " trials ")
                + front.stream().map(Trial::id).toList());
        out.println("Total elapsed time: " + formatDuration(Duration.ofNanos(System.nanoTime() - searchStartNanos)));
    }

    private void printViolations(List<String> violated) {
        if (!violated.isEmpty()) {
            out.println("Infeasible: " + String.join("; ", violated));
        }
    }

    private static String cell(Object v) {
        if (v == null) {
            return "None";
        }
        String s = v instanceof Double || v instanceof Float ? Values.formatG5(((Number) v).doubleValue())
                : String.valueOf(v);
        return s.length() > 18 ? s.substring(0, 15) + "..." : s;
    }

    /** {@code 00h 00m 02s}, or {@code 7d 00h 00m 00s} past a day. */
    static String formatDuration(Duration d) {
        long total = d.getSeconds();
        long days = total / 86400;
        long h = (total % 86400) / 3600;
        long m = (total % 3600) / 60;
        long s = total % 60;
        String hms = String.format("%02dh %02dm %02ds", h, m, s);
        return days > 0 ? days + "d " + hms : hms;
    }
}
