package dev.tunebatch.testing;

import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;
import dev.tunebatch.tuner.FailedTrialException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A fit-only program for tests that run whole searches through the engine: each fit runs the test's script with the
 * trial the engine passes (book LM usage in the ledger, log, take time), then fails the trial with the reason the
 * script gives, or reports {@code metric = score} for its one epoch.
 *
 * @param metric the metric the fit reports
 * @param score  its value
 * @param script what each fit does first, and whether it fails
 */
public record ScriptedProgram(String metric, double score, Script script) implements Program {

    /** What a fit does before it reports. */
    @FunctionalInterface
    public interface Script {

        /** Runs for {@code fit}; returns why the trial fails, or {@code null} when it reports its score. */
        String run(Fit fit);
    }

    /**
     * The trial a fit is for, as the engine passes it in {@link FitArgs#extra()}.
     *
     * @param trialId the trial's id ({@code trial_id})
     * @param runId   the run's id ({@code run_id}), under which LM usage is booked
     */
    public record Fit(String trialId, String runId) {

        /** The trial's id as a number (the engine numbers trials 0, 1, ...). */
        public int index() {
            return Integer.parseInt(trialId);
        }
    }

    /** A program that only reports {@code metric = score}, or fails every trial when {@code fails}. */
    public static ScriptedProgram scoring(String metric, double score, boolean fails) {
        return new ScriptedProgram(metric, score, fit -> fails ? "the program cannot fit" : null);
    }

    /** Sleeps {@code millis}, keeping the thread's interrupt: a program taking its time. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletionStage<History> fit(FitArgs args) {
        String failure = script.run(new Fit((String) args.extra().get("trial_id"),
                (String) args.extra().get("run_id")));
        if (failure != null) {
            return CompletableFuture.failedFuture(new FailedTrialException(failure));
        }
        return CompletableFuture.completedFuture(History.of(Map.of(metric, List.of(score))));
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
