package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ConstraintSpec;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.program.Callback;
import dev.tunebatch.program.Checkpointable;
import dev.tunebatch.program.EvaluateArgs;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.program.History;
import dev.tunebatch.program.Program;
import dev.tunebatch.store.ProgramCheckpoint;
import dev.tunebatch.store.TrialStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs one trial: build the program, fit it (or evaluate it when it has no optimizer), and reduce the result to one
 * value per metric. Honours Hyperband's budget ({@code tuner/epochs}, {@code tuner/initial_epoch}) and, for programs
 * that can checkpoint themselves, resumes an interrupted trial from its last completed epoch and starts a Hyperband
 * promotion from its parent's state.
 */
public final class TrialRunner {

    /** Hyperband's value naming the trial whose state a promotion continues. */
    public static final String PARENT_KEY = "tuner/trial_id";
    /** Hyperband's epoch budget of a trial. */
    public static final String EPOCHS_KEY = "tuner/epochs";
    /** Hyperband's first epoch of a trial. */
    public static final String INITIAL_EPOCH_KEY = "tuner/initial_epoch";
    /** The {@code FitArgs.extra} key carrying the trial's id (for programs that account cost per trial). */
    public static final String TRIAL_ID_EXTRA = "trial_id";

    private final HypermodelRunner hypermodel;
    private final ObjectiveSpec objective;
    private final TrialStore store;

    TrialRunner(HypermodelRunner hypermodel, ObjectiveSpec objective, TrialStore store) {
        this.hypermodel = hypermodel;
        this.objective = objective;
        this.store = store;
    }

    /**
     * The outcome of a successful run.
     *
     * @param metrics         one value per metric
     * @param step            the epoch of the objective's best value
     * @param hyperparameters the hyperparameters after the build (it may have declared new ones)
     */
    public record Result(Map<String, Double> metrics, int step, HyperParameters hyperparameters) {
    }

    /** Runs the trial on {@code executor} and waits for it, storing each epoch's checkpoint at once. */
    public Result run(Trial trial, FitArgs base, Executor executor) throws Exception {
        return run(trial, base, executor, (id, epoch, cp) -> {
            if (cp != null) {
                store.saveCheckpoint(id, cp);
            }
        });
    }

    /**
     * Runs the trial on {@code executor} and waits for it; epochs are reported to {@code control}, which may ask the
     * trial to stop (then {@link TrialStoppedException} is thrown and nothing is reported).
     */
    public Result run(Trial trial, FitArgs base, Executor executor, TrialControl control) throws Exception {
        HyperParameters hp = trial.hyperparameters().copy();
        Program program = Futures.await(hypermodel.build(hp, executor));
        if (program == null) {
            throw new FatalTrialException("The hypermodel returned null for trial " + trial.id()
                    + "; it must return a Program (or a CompletionStage of one).");
        }
        Map<String, Double> metrics;
        int step = 0;
        if (program.hasOptimizer()) {
            FitArgs args = budget(base, hp).toBuilder().extra(TRIAL_ID_EXTRA, trial.id()).build();
            History history = fit(trial, program, args, hp, executor, control);
            if (control.stopRequested()) {
                throw new TrialStoppedException("Trial " + trial.id() + " stopped at an epoch boundary; it resumes "
                        + "from its last checkpoint.");
            }
            metrics = HistoryReducer.reduce(history, objective);
            step = HistoryReducer.bestEpoch(history, objective);
        } else {
            metrics = evaluate(program, base, executor);
        }
        if (objective.isMulti() && !metrics.containsKey(objective.name()) && objective.hasValue(metrics)) {
            metrics.put(objective.name(), objective.value(metrics));
        }
        if (objective.isPareto() ? !objective.hasValue(metrics) : !metrics.containsKey(objective.name())) {
            throw new FatalTrialException("Trial " + trial.id() + " produced no value for the objective '"
                    + objective.name() + "'" + (objective.isScalar() && !objective.isMulti() ? ""
                    : " (components " + objective.directions().keySet() + ")") + "; the metrics received were "
                    + metrics.keySet() + ". Name an objective the program reports, or make the program report it.");
        }
        Map<String, Double> reported = metrics;
        List<String> unreported = objective.constraints().stream().map(ConstraintSpec::metric)
                .filter(m -> !reported.containsKey(m)).distinct().toList();
        if (!unreported.isEmpty()) {
            throw new FatalTrialException("Trial " + trial.id() + " produced no value for the constrained metric"
                    + (unreported.size() > 1 ? "s " : " ") + unreported + "; the metrics received were "
                    + metrics.keySet() + ". Constrain a metric the program reports, or make the program report it.");
        }
        return new Result(metrics, step, hp);
    }

    private static FitArgs budget(FitArgs base, HyperParameters hp) {
        if (!hp.contains(EPOCHS_KEY)) {
            return base;
        }
        int epochs = ((Number) hp.get(EPOCHS_KEY)).intValue();
        int initial = hp.contains(INITIAL_EPOCH_KEY) ? ((Number) hp.get(INITIAL_EPOCH_KEY)).intValue() : 0;
        return base.toBuilder().epochs(epochs).initialEpoch(Math.min(initial, epochs - 1)).build();
    }

    private History fit(Trial trial, Program program, FitArgs args, HyperParameters hp, Executor executor,
                        TrialControl control) throws Exception {
        Checkpointable checkpointable = program instanceof Checkpointable c ? c : null;
        Map<String, List<Double>> prior = new LinkedHashMap<>();
        FitArgs effective = args;
        Optional<ProgramCheckpoint> own = checkpointable == null ? Optional.empty()
                : store.loadCheckpoint(trial.id());
        if (own.isPresent()) {
            ProgramCheckpoint cp = own.get();
            checkpointable.restoreState(cp.state());
            cp.history().forEach((k, v) -> prior.put(k, new ArrayList<>(v)));
            if (cp.epoch() + 1 >= args.epochs()) {
                return History.of(prior);
            }
            effective = args.toBuilder().initialEpoch(cp.epoch() + 1).build();
        } else if (checkpointable != null && hp.contains(PARENT_KEY)) {
            String parent = String.valueOf(hp.get(PARENT_KEY));
            store.loadCheckpoint(parent).ifPresent(cp -> checkpointable.restoreState(cp.state()));
        }
        EpochReporter reporter = new EpochReporter(trial.id(), checkpointable, prior, control);
        FitArgs withReporter = effective.toBuilder().callbacks(reporter).build();
        History fresh = Futures.await(CompletableFuture.supplyAsync(() -> program.fit(withReporter), executor)
                .thenCompose(s -> s));
        Map<String, List<Double>> merged = new LinkedHashMap<>();
        int keep = reporter.firstEpoch(effective.initialEpoch());
        prior.forEach((k, v) -> merged.put(k, new ArrayList<>(v.subList(0, Math.min(v.size(), keep)))));
        fresh.history().forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        if (checkpointable != null && !control.stopRequested() && fresh.epochs() > 0) {
            control.onEpoch(trial.id(), keep + fresh.epochs() - 1, new ProgramCheckpoint(keep + fresh.epochs() - 1,
                    checkpointable.saveState(), merged));
        }
        return History.of(merged);
    }

    private Map<String, Double> evaluate(Program program, FitArgs base, Executor executor) throws Exception {
        boolean hasValidation = base.validationX() != null;
        EvaluateArgs args = new EvaluateArgs(hasValidation ? base.validationX() : base.x(),
                hasValidation ? base.validationY() : base.y(), base.batchSize());
        Map<String, Double> metrics = Futures.await(CompletableFuture.supplyAsync(() -> program.evaluate(args),
                executor).thenCompose(s -> s));
        Map<String, Double> result = new LinkedHashMap<>(metrics == null ? Map.of() : metrics);
        if (metrics != null) {
            metrics.forEach((k, v) -> result.put("val_" + k, v));
        }
        return result;
    }

    /** Reports every epoch (with the program's state when it can checkpoint) and relays stop requests. */
    private static final class EpochReporter implements Callback {
        private final String trialId;
        private final Checkpointable program;
        private final Map<String, List<Double>> history;
        private final TrialControl control;
        private int firstEpoch = -1;

        EpochReporter(String trialId, Checkpointable program, Map<String, List<Double>> prior,
                      TrialControl control) {
            this.trialId = trialId;
            this.program = program;
            this.control = control;
            this.history = new LinkedHashMap<>();
            prior.forEach((k, v) -> history.put(k, new ArrayList<>(v)));
        }

        int firstEpoch(int fallback) {
            return firstEpoch < 0 ? fallback : firstEpoch;
        }

        @Override
        public synchronized void onEpochEnd(int epoch, Map<String, Double> logs) {
            if (firstEpoch < 0) {
                firstEpoch = epoch;
                history.values().forEach(v -> {
                    while (v.size() > epoch) {
                        v.remove(v.size() - 1);
                    }
                });
            }
            logs.forEach((k, v) -> history.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            ProgramCheckpoint cp = program == null ? null
                    : new ProgramCheckpoint(epoch, program.saveState(), copy(history));
            control.onEpoch(trialId, epoch, cp);
        }

        @Override
        public boolean stopRequested() {
            return control.stopRequested();
        }

        private static Map<String, List<Double>> copy(Map<String, List<Double>> h) {
            Map<String, List<Double>> c = new LinkedHashMap<>();
            h.forEach((k, v) -> c.put(k, List.copyOf(v)));
            return c;
        }
    }
}
