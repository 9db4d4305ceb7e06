package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.StoredRanking;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.History;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a search controls beyond the algorithm: configurations queued to run first (enqueued, warm-started, drift
 * checks), early stopping of bad trials, budgets, and the repeated executions of each trial. Every method that changes
 * the oracle is called by {@link SearchSession} under the store's lock, so its changes are saved in the same unit.
 */
final class SearchControls {

    /** The oracle control record naming the run key whose drift check was queued. */
    static final String DRIFT_CHECK = "drift_check";

    private final Oracle oracle;
    private final SearchDisplay display;
    private final Pruner pruner;
    private final BudgetLedger ledger;
    private final List<Map<String, Object>> enqueued;
    private final TrialStore warmStartStore;
    private final int warmStartCount;
    private final boolean driftCheck;

    SearchControls(TunerBuilder<?, ?> builder, Oracle oracle, SearchDisplay display) {
        this.oracle = oracle;
        this.display = display;
        this.pruner = builder.pruner;
        this.ledger = new BudgetLedger(builder.budgets, oracle);
        this.enqueued = List.copyOf(builder.enqueued);
        this.warmStartStore = builder.warmStartStore;
        this.warmStartCount = builder.warmStartCount;
        this.driftCheck = builder.driftCheck;
    }

    /** On opening the search: queue the enqueued and warm-start configurations (validated), look at the budgets. */
    void open() {
        HyperParameters space = oracle.getSpace();
        List<Map<String, Object>> valid = new ArrayList<>();
        for (Map<String, Object> values : enqueued) {
            valid.add(completed(values, space, "enqueue"));
        }
        valid.forEach(v -> oracle.enqueue(v, Map.of("kind", "enqueued")));
        if (warmStartStore != null) {
            warmStart(space);
        }
        ledger.evaluate();
    }

    /**
     * {@code values} checked against the space (every name declared, every value inside its hyperparameter) and
     * completed with the defaults of the active hyperparameters it leaves out.
     */
    static Map<String, Object> completed(Map<String, Object> values, HyperParameters space, String what) {
        List<String> names = space.space().stream().map(HyperParameter::name).distinct().toList();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            List<HyperParameter> declared = space.space().stream().filter(p -> p.name().equals(e.getKey())).toList();
            if (declared.isEmpty()) {
                throw new IllegalArgumentException(what + ": '" + e.getKey() + "' is not a hyperparameter of this "
                        + "search; its hyperparameters are " + names + ". Fix the name, or declare it in the "
                        + "hypermodel.");
            }
            if (declared.stream().noneMatch(p -> accepts(p, e.getValue()))) {
                HyperParameter p = declared.get(0);
                throw new IllegalArgumentException(what + ": " + e.getKey() + "=" + e.getValue() + " is outside the "
                        + "search space (" + p.typeName() + " " + p.settings() + "); pass a value the hyperparameter "
                        + "accepts.");
            }
        }
        HyperParameters hp = space.copy();
        hp.setValues(values);
        SearchSession.fillDefaults(hp);
        Map<String, Object> out = new LinkedHashMap<>(hp.values());
        out.keySet().removeIf(name -> !hp.isActive(name));
        return out;
    }

    private static boolean accepts(HyperParameter p, Object value) {
        try {
            return value != null && p.accepts(p.coerce(value));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Queues the best configurations of another stored search that fit this space. */
    private void warmStart(HyperParameters space) {
        Optional<StoredSearch> other = warmStartStore.load();
        if (other.isEmpty()) {
            throw new IllegalArgumentException("warmStartFrom: nothing is stored in " + warmStartStore.location()
                    + "; run that search first, or remove warmStartFrom.");
        }
        Map<String, Object> state = other.get().oracleState();
        @SuppressWarnings("unchecked")
        HyperParameters otherSpace = HyperParameters.fromConfig((Map<String, Object>) state.get("hyperparameters"));
        @SuppressWarnings("unchecked")
        ObjectiveSpec objective = ObjectiveSpec.fromConfig((Map<String, Object>) state.get("objective"));
        List<Trial> trials = other.get().trials().stream().map(t -> Trial.fromConfig(t, otherSpace)).toList();
        for (Trial best : StoredRanking.best(trials, objective.direction(), StoredRanking.expected(state),
                warmStartCount)) {
            Map<String, Object> values = new LinkedHashMap<>(best.hyperparameters().values());
            values.keySet().removeIf(k -> k.startsWith("tuner/") || !space.declares(k));
            Map<String, Object> origin = new LinkedHashMap<>();
            origin.put("kind", "warm_start");
            origin.put("from", warmStartStore.location());
            origin.put("trial", best.id());
            try {
                oracle.enqueue(completed(values, space, "warmStartFrom"), origin);
            } catch (IllegalArgumentException e) {
                display.line("Warm start: trial " + best.id() + " of " + warmStartStore.location()
                        + " does not fit this search space and is skipped (" + e.getMessage() + ")");
            }
        }
    }

    /** A new run: per-run budgets start afresh for a new key; a drift check queues the best configuration again. */
    void beginRun(String runKey) {
        ledger.beginRun(runKey);
        if (!driftCheck || runKey.equals(oracle.control(DRIFT_CHECK))) {
            return;
        }
        oracle.setControl(DRIFT_CHECK, runKey);
        List<Trial> best = oracle.getBestTrials(1);
        if (best.isEmpty() || best.get(0).status() != TrialStatus.COMPLETED) {
            return;
        }
        Trial b = best.get(0);
        Map<String, Object> was = b.progress().origin();
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("kind", "drift_check");
        origin.put("of", "drift_check".equals(was.get("kind")) ? was.get("of") : b.id());
        origin.put("run", runKey);
        Map<String, Object> values = new LinkedHashMap<>(b.hyperparameters().values());
        values.keySet().removeIf(k -> k.startsWith("tuner/"));
        oracle.enqueueFirst(values, origin);
        display.line("Drift check: the best configuration (trial " + b.id() + ") runs again first in run "
                + runKey + ".");
    }

    void forgetEpochs(String trialId) {
        ledger.forget(trialId);
    }

    /** See {@link SearchSession#expectEpoch}. */
    void expectEpoch(EpochReport report) {
        ledger.expect(report);
    }

    /** Whether epochs must be reported to the oracle (a pruner or a budget watches them). */
    boolean watchesEpochs() {
        return pruner.active() || !ledger.isEmpty();
    }

    /** See {@link SearchSession#reportEpoch}; under the lock. */
    SearchSession.EpochVerdict reportEpoch(EpochReport r, int executions) {
        String id = r.trialId();
        ledger.counted(r);
        Trial trial = oracle.getTrial(id);
        if (trial.status() != TrialStatus.RUNNING) {
            return SearchSession.EpochVerdict.TRIAL_ENDED;
        }
        boolean fresh = !trial.progress().decided(r.execution(), r.epoch());
        Double value = objectiveValue(r.logs());
        Trial now = oracle.updateProgress(id, p -> {
            if (value != null) {
                p.recordIntermediate(r.execution(), r.epoch(), value);
            }
            if (fresh) {
                ledger.count(r.logs(), p);
            }
        });
        if (!fresh) {
            return budgetVerdict();
        }
        boolean lastOfTrial = r.epoch() >= r.epochs() - 1 && r.execution() >= executions - 1;
        String reason = lastOfTrial ? null : ledger.trialOver(now.progress());
        if (reason == null && !lastOfTrial && pruner.active()) {
            ObjectiveSpec objective = oracle.objective();
            reason = pruner.decide(r.epoch(), now.progress().curve(), oracle.curves(id), objective.direction(),
                    objective.name());
        }
        if (reason != null) {
            endStopped(now, r, reason);
            return SearchSession.EpochVerdict.TRIAL_ENDED;
        }
        oracle.updateProgress(id, p -> p.decide(r.execution(), r.epoch()));
        return budgetVerdict();
    }

    private SearchSession.EpochVerdict budgetVerdict() {
        return ledger.reached() ? SearchSession.EpochVerdict.BUDGET_REACHED : SearchSession.EpochVerdict.GO_ON;
    }

    private Double objectiveValue(Map<String, Double> logs) {
        ObjectiveSpec objective = oracle.objective();
        Double v = logs.get(objective.name());
        if (v == null && objective.isMulti() && objective.hasValue(logs)) {
            v = objective.value(logs);
        }
        return v == null || v.isNaN() ? null : v;
    }

    /** Ends a trial STOPPED with the metrics of its last epoch (its objective: the best it reached) and why. */
    private void endStopped(Trial trial, EpochReport r, String reason) {
        ObjectiveSpec objective = oracle.objective();
        History history = History.of(r.history());
        Map<String, Double> metrics = HistoryReducer.reduce(history, objective);
        OptionalDouble best = trial.progress().bestUpTo(r.epoch(), objective.direction());
        if (best.isPresent()) {
            metrics.put(objective.name(), best.getAsDouble());
        }
        if (metrics.keySet().containsAll(objective.directions().keySet())) {
            oracle.updateTrial(trial.id(), metrics, HistoryReducer.bestEpoch(history, objective));
        }
        Trial done = oracle.getTrial(trial.id());
        done.setStatus(TrialStatus.STOPPED);
        done.setMessage(reason);
        oracle.endTrial(done);
        display.line("Trial " + trial.id() + ": " + reason);
    }

    /** Before a trial completes: its executions and their spread, and the budgets of what it did not report. */
    void beforeComplete(String trialId, TrialRunner.Result result) {
        if (result.spread() != null) {
            oracle.updateProgress(trialId, p -> {
                List<Map<String, Double>> all = result.spread().executions();
                for (int i = 0; i < all.size(); i++) {
                    p.recordExecution(i, all.get(i));
                }
                p.setScoreSd(result.spread().sd());
            });
        }
        if (!ledger.isEmpty() && result.unreportedUsage() != null && !result.unreportedUsage().isEmpty()) {
            oracle.updateProgress(trialId, p -> ledger.count(result.unreportedUsage(), p));
        }
    }

    /** Before every save: the run's wall clock so far. */
    void beforeSave() {
        ledger.persistWallClock();
    }

    /** After the oracle was reloaded from the store. */
    void reloaded() {
        ledger.evaluate();
    }

    boolean budgetReached() {
        return ledger.reached();
    }

    String budgetReachedReason() {
        return ledger.reachedReason();
    }

    String budgetStatus() {
        return ledger.isEmpty() ? "" : ledger.describeAll();
    }
}
