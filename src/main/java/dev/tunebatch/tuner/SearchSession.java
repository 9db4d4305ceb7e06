package dev.tunebatch.tuner;

import dev.tunebatch.hp.Condition;
import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialRanking;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An open search: its oracle, its store and how to run its trials. Every oracle mutation runs under the store's lock
 * and is saved in the same unit, so the stored state is always one the search can resume from. The in-process
 * {@link Tuner} and the Spring Batch engine both drive searches through a session.
 */
public final class SearchSession {

    private final Oracle oracle;
    private final TrialStore store;
    private final HypermodelRunner hypermodel;
    private final TrialRunner runner;
    private final SearchDisplay display;
    private final SearchControls controls;

    private SearchSession(TunerBuilder<?, ?> builder, TrialStore store) {
        this.oracle = builder.newOracle();
        this.store = store;
        this.hypermodel = new HypermodelRunner(builder.hypermodel, builder.asyncHypermodel);
        this.display = new SearchDisplay(builder.out, oracle.objective().name(), builder.verbose);
        this.runner = new TrialRunner(hypermodel, oracle.objective(), store, builder.executionsPerTrial);
        this.controls = new SearchControls(builder, oracle, display);
        if (builder.hyperparameters != null) {
            oracle.updateSpace(builder.hyperparameters);
        }
    }

    /**
     * Opens the search described by {@code builder} in {@code store}: resumes what is stored (checking that the
     * tuner kind and objective match), or populates a new search space by running the hypermodel.
     */
    public static SearchSession open(TunerBuilder<?, ?> builder, TrialStore store) {
        SearchSession session = new SearchSession(builder, store);
        session.openStored(builder.overwrite);
        return session;
    }

    private void openStored(boolean overwrite) {
        store.withLock(() -> {
            if (overwrite) {
                store.clear();
            }
            Optional<StoredSearch> stored = store.load();
            if (stored.isPresent()) {
                checkSameObjective(stored.get().oracleState());
                oracle.restore(stored.get().oracleState(), stored.get().trials(), true);
                display.line("Reloading Tuner from " + store.location());
            } else {
                populateInitialSpace();
            }
            controls.open();
            store.save(oracle.takeChanges());
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private void checkSameObjective(Map<String, Object> state) {
        Object stored = state.get("objective");
        if (stored == null) {
            return;
        }
        // constraints may change on resume (they take effect); the objectives may not
        ObjectiveSpec before = ObjectiveSpec.fromConfig((Map<String, Object>) stored).withoutConstraints();
        if (!before.equals(oracle.objective().withoutConstraints())) {
            throw new IllegalStateException("The search in " + store.location() + " optimises " + before
                    + ", but this tuner asks for " + oracle.objective().withoutConstraints() + ". Use the same objective, another "
                    + "projectName, or overwrite(true) to start afresh.");
        }
    }

    /** Builds once to register the space, then again until every conditional branch has been seen active. */
    private void populateInitialSpace() {
        HyperParameters hp = oracle.getSpace();
        buildForSpace(hp);
        Set<List<Condition>> seen = new HashSet<>(hp.activeScopes());
        List<List<Condition>> pending = new ArrayList<>(hp.inactiveScopes());
        Set<List<Condition>> tried = new HashSet<>();
        while (true) {
            List<Condition> next = pending.stream().filter(s -> !seen.contains(s) && !tried.contains(s))
                    .findFirst().orElse(null);
            if (next == null) {
                return;
            }
            tried.add(next);
            HyperParameters branch = oracle.getSpace();
            for (Condition c : next) {
                branch.putValue(c.name(), c.values().get(0));
            }
            fillDefaults(branch);
            buildForSpace(branch);
            seen.addAll(branch.activeScopes());
            pending.addAll(branch.inactiveScopes());
        }
    }

    /** Gives every active hyperparameter without a value its default, until no more become active. */
    static void fillDefaults(HyperParameters hp) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (HyperParameter p : hp.space()) {
                if (hp.isActive(p) && !hp.contains(p.name())) {
                    hp.putValue(p.name(), p.defaultValue());
                    changed = true;
                }
            }
        }
    }

    private void buildForSpace(HyperParameters hp) {
        try {
            hypermodel.buildNow(hp);
        } catch (Exception e) {
            throw new IllegalStateException("The hypermodel failed while the search space was being populated: "
                    + e + ". Fix the hypermodel; it runs with default values at this point.", e);
        }
        oracle.updateSpace(hp);
    }

    // ---------------------------------------------------------------- trial life cycle

    /** The next trial for {@code workerId} (a retry, a new one, IDLE or STOPPED), persisted before it is returned. */
    public Trial nextTrial(String workerId) {
        return locked(() -> oracle.createTrial(workerId));
    }

    /** Reports a successful run: records the metrics and ends the trial COMPLETED (INVALID if the score is NaN). */
    public Trial complete(Trial trial, TrialRunner.Result result) {
        return locked(() -> {
            Trial current = oracle.getTrial(trial.id());
            if (current.status() != TrialStatus.RUNNING) {
                return current;
            }
            controls.beforeComplete(trial.id(), result);
            oracle.updateTrial(trial.id(), result.metrics(), result.step());
            Trial done = oracle.getTrial(trial.id());
            done.setHyperparameters(result.hyperparameters());
            done.setStatus(TrialStatus.COMPLETED);
            return oracle.endTrial(done);
        });
    }

    /**
     * Ends a trial that threw: FAILED for a {@link FailedTrialException}, else INVALID (retried while retries remain),
     * with the error's stack trace as its message.
     */
    public Trial fail(Trial trial, Throwable error) {
        TrialStatus status = Futures.unwrap(error) instanceof FailedTrialException ? TrialStatus.FAILED
                : TrialStatus.INVALID;
        Trial ended = locked(() -> {
            Trial failed = oracle.getTrial(trial.id());
            failed.setStatus(status);
            failed.setMessage(stackTrace(error));
            return oracle.endTrial(failed);
        });
        if (ended.status() == TrialStatus.INVALID) {
            display.line("Trial " + trial.id() + " failed " + ended.runCount() + " times. "
                    + oracle.retriesLeft(trial.id()) + " retries left.");
        }
        return ended;
    }

    /**
     * Prints keras-tuner's "Search: Running Trial #N" table for a trial about to run (when verbose) and returns its
     * number, to pass to {@link #announceEnd}.
     */
    public int announceStart(Trial trial) {
        int number = oracle.trialCount();
        if (display.verbose()) {
            List<Trial> best = oracle.getBestTrials(1);
            display.onTrialBegin(trial, number, best.isEmpty() ? trial : best.get(0));
        }
        return number;
    }

    /**
     * Prints keras-tuner's end-of-trial lines (when verbose): duration, score, best so far, elapsed time; for a
     * Pareto search each objective's value and the front's size; a violated constraint when there is one.
     */
    public void announceEnd(Trial ended, int number, long trialNanos) {
        if (display.verbose()) {
            ObjectiveSpec objective = oracle.objective();
            List<String> violated = ended.status() == TrialStatus.COMPLETED
                    ? TrialRanking.violations(objective, ended) : List.of();
            if (objective.isPareto()) {
                display.onParetoTrialEnd(ended, number, trialNanos, objective, oracle.getParetoFront(), violated);
            } else {
                List<Trial> best = oracle.getBestTrials(1);
                display.onTrialEnd(ended, number, trialNanos, best.isEmpty() ? null : best.get(0).score(), violated);
            }
            String budgets = budgetStatus();
            if (!budgets.isEmpty()) {
                display.line("Budgets: " + budgets);
            }
        }
    }

    /** Marks the start of the search for the elapsed-time display. */
    public void announceSearchStart() {
        display.onSearchBegin();
    }

    /** Throws {@code ConsecutiveFailuresException} when too many trials in a row FAILED. */
    public void checkConsecutiveFailures() {
        oracle.checkConsecutiveFailures();
    }

    /**
     * The trial as stored now: the oracle is reloaded first when another process (a worker that ran the trial)
     * changed the stored search since this session last read it.
     */
    public Trial current(String trialId) {
        return store.withLock(() -> {
            refreshIfStale();
            return oracle.getTrial(trialId);
        });
    }

    /**
     * A trial another process handed out, as stored, to run it here: read on its own, without the search's lock and
     * without bringing the oracle up to date (the trial's first report under the lock does that), unless its values
     * name hyperparameters this session's space does not know yet; then as {@link #current}.
     */
    @SuppressWarnings("unchecked")
    public Trial handedOut(String trialId) {
        Optional<Map<String, Object>> stored = store.loadTrial(trialId);
        if (stored.isEmpty()) {
            return current(trialId);
        }
        HyperParameters space = oracle.getSpace();
        Map<String, Object> hyperparameters = (Map<String, Object>) stored.get().getOrDefault("hyperparameters",
                Map.of());
        Set<String> known = new HashSet<>();
        space.space().forEach(p -> known.add(p.name()));
        if (!known.containsAll(((Map<String, Object>) hyperparameters.getOrDefault("values", Map.of())).keySet())) {
            return current(trialId);
        }
        return Trial.fromConfig(stored.get(), space);
    }

    /** Runs an oracle action under the store's lock and saves what it changed in the same unit. */
    public <T> T locked(Supplier<T> action) {
        return store.withLock(() -> {
            refreshIfStale();
            T result = action.get();
            controls.beforeSave();
            store.save(oracle.takeChanges());
            return result;
        });
    }

    // ---------------------------------------------------------------- pruning, budgets, executions, runs

    /** What a trial does after an epoch it reported. */
    public enum EpochVerdict {
        /** Go on. */
        GO_ON,
        /** The trial has ended (pruned, or over its own budget): stop it; it is STOPPED and never runs again. */
        TRIAL_ENDED,
        /** A search or run budget is reached: stop the trial at this boundary; it stays RUNNING and resumes later. */
        BUDGET_REACHED
    }

    /**
     * Reports a finished epoch: stores the objective's intermediate value, counts the budgets, and takes (or, for an
     * epoch reported again after a restart, reuses) the pruning decision, all in one unit of the store (the engine's
     * epoch transaction). A trial that must stop is ended STOPPED with its reason before this returns.
     */
    public EpochVerdict reportEpoch(EpochReport report) {
        if (!controls.watchesEpochs()) {
            return budgetReached() ? EpochVerdict.BUDGET_REACHED : EpochVerdict.GO_ON;
        }
        return locked(() -> controls.reportEpoch(report, runner.executions()));
    }

    /**
     * Notes an epoch whose report will be handled later (the engine reports it in the trial step's next unit): the
     * budgets count it at once in {@link #budgetReached()}, so that a cap stops running trials without waiting for
     * commits.
     */
    public void expectEpoch(EpochReport report) {
        controls.expectEpoch(report);
    }

    /** Forgets the expected epochs of a trial whose remaining reports will not be handled (it ended). */
    public void forgetEpochs(String trialId) {
        controls.forgetEpochs(trialId);
    }

    /** Records a finished execution of a trial run several times, so that a resumed trial does not run it again. */
    public void recordExecution(String trialId, int execution, Map<String, Double> metrics) {
        locked(() -> {
            if (oracle.getTrial(trialId).status() == TrialStatus.RUNNING) {
                oracle.updateProgress(trialId, p -> p.recordExecution(execution, metrics));
            }
            return null;
        });
    }

    /**
     * Starts a run: the library's {@code search} call or the engine's run key. A new key starts the per-run budgets
     * afresh and, with {@code driftCheck(true)}, queues the current best configuration to be evaluated again first.
     */
    public void beginRun(String runKey) {
        locked(() -> {
            controls.beginRun(runKey);
            return null;
        });
    }

    /** Whether a search or run budget is reached (no new trial may start, running ones stop at their boundary). */
    public boolean budgetReached() {
        return controls.budgetReached();
    }

    /** Which budget was reached and how much each has consumed, or {@code null} when none is reached. */
    public String budgetReachedReason() {
        return controls.budgetReachedReason();
    }

    /** Every budget with what it has consumed, or an empty string without budgets. */
    public String budgetStatus() {
        return controls.budgetStatus();
    }

    /**
     * Brings the oracle up to the stored search when another process changed it since we last saw it, or when what
     * this session holds was never stored (its unit rolled back): only the trials saved since, when the store can
     * tell which, else everything.
     */
    private void refreshIfStale() {
        long stored = store.storedRevision();
        if (stored >= 0 && (stored != oracle.revision() || !store.holds(stored))) {
            store.loadChangedSince(oracle.revision()).ifPresent(changes -> {
                if (!changes.complete() && oracle.refresh(changes.oracleState(), changes.trials())) {
                    return;
                }
                StoredSearch all = changes.complete() ? changes : store.load().orElseThrow();
                oracle.restore(all.oracleState(), all.trials(), false);
            });
            controls.reloaded();
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter sw = new StringWriter();
        Futures.unwrap(e).printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    // ---------------------------------------------------------------- accessors and summaries

    public Oracle oracle() {
        return oracle;
    }

    public TrialStore store() {
        return store;
    }

    /** Runs one trial (build, fit or evaluate, reduce). */
    public TrialRunner runner() {
        return runner;
    }

    SearchDisplay display() {
        return display;
    }

    /** keras-tuner's results summary of the {@code n} best trials. */
    public String resultsSummary(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("Results summary\n");
        sb.append("Results in ").append(store.location()).append('\n');
        sb.append("Showing ").append(n).append(" best trials\n");
        ObjectiveSpec objective = oracle.objective();
        sb.append(objective).append('\n');
        List<Trial> best = oracle.getBestTrials(n);
        Map<String, Integer> fronts = objective.isPareto() ? TrialRanking.fronts(objective, oracle.trials()) : Map.of();
        if (objective.isPareto()) {
            sb.append("Pareto front: ").append(oracle.getParetoFront().stream().map(Trial::id).toList()).append('\n');
        }
        for (Trial t : best) {
            sb.append('\n').append(t.summary()).append(TrialRanking.annotation(objective, t, fronts.get(t.id())));
        }
        return sb.toString();
    }

    /** keras-tuner's search space summary. */
    public String searchSpaceSummary() {
        HyperParameters space = oracle.getSpace();
        StringBuilder sb = new StringBuilder();
        sb.append("Search space summary\n");
        sb.append("Default search space size: ").append(space.space().size()).append('\n');
        for (HyperParameter hp : space.space()) {
            Map<String, Object> config = new LinkedHashMap<>();
            Map<String, Object> settings = hp.settings();
            if (settings.containsKey("default")) {
                config.put("default", settings.get("default"));
            }
            config.put("conditions", hp.conditions().stream().map(Condition::toConfig).toList());
            config.putAll(settings);
            sb.append(hp.name()).append(" (").append(hp.typeName()).append(")\n");
            sb.append(PythonRepr.of(config)).append('\n');
        }
        return sb.toString();
    }
}
