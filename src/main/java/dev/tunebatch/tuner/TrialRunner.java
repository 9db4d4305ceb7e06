package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ConstraintSpec;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.ScheduleValues;
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


    private final HypermodelRunner hypermodel;
    private final ObjectiveSpec objective;
    private final TrialStore store;
    private final int executions;

    TrialRunner(HypermodelRunner hypermodel, ObjectiveSpec objective, TrialStore store) {
        this(hypermodel, objective, store, 1);
    }

    TrialRunner(HypermodelRunner hypermodel, ObjectiveSpec objective, TrialStore store, int executions) {
        this.hypermodel = hypermodel;
        this.objective = objective;
        this.store = store;
        this.executions = executions;
    }

    /** How many times each trial builds and fits its program. */
    public int executions() {
        return executions;
    }

    /**
     * Where the checkpoint of {@code execution} of a trial is stored: the trial's id for the first execution,
     * {@code <id>@e<execution>} for later ones (each execution resumes from its own checkpoint).
     */
    public static String checkpointKey(String trialId, int execution) {
        return execution == 0 ? trialId : trialId + "@e" + execution;
    }

    /**
     * The outcome of a successful run.
     *
     * @param metrics         one value per metric
     * @param step            the epoch of the objective's best value
     * @param hyperparameters the hyperparameters after the build (it may have declared new ones)
     */
    public record Result(Map<String, Double> metrics, int step, HyperParameters hyperparameters,
                         ExecutionSpread spread, Map<String, Double> unreportedUsage) {

        public Result(Map<String, Double> metrics, int step, HyperParameters hyperparameters) {
            this(metrics, step, hyperparameters, null, Map.of());
        }
    }

    /**
     * The spread of the objective over a trial's executions.
     *
     * @param executions the reduced metrics of every execution, in order
     * @param sd         the sample standard deviation of the objective (n − 1), or {@code null} for one execution
     */
    public record ExecutionSpread(List<Map<String, Double>> executions, Double sd) {
    }

    /** One execution's outcome, before executions are averaged. */
    private record Execution(Map<String, Double> metrics, int step, HyperParameters hyperparameters,
                             Map<String, Double> unreported) {
    }

    /**
     * Runs the trial on {@code executor} and waits for it; epochs are reported to {@code control}, which may ask the
     * trial to stop (then {@link TrialStoppedException} is thrown and nothing is reported).
     */
    public Result run(Trial trial, FitArgs base, Executor executor, TrialControl control) throws Exception {
        if (executions <= 1) {
            Execution only = execute(trial, 0, base, executor, control);
            return new Result(only.metrics(), only.step(), only.hyperparameters(), null, only.unreported());
        }
        List<Map<String, Double>> done = new ArrayList<>(trial.progress().executions());
        HyperParameters hp = trial.hyperparameters().copy();
        int step = 0;
        Map<String, Double> unreported = new LinkedHashMap<>();
        for (int e = done.size(); e < executions; e++) {
            Execution ex = execute(trial, e, base, executor, control);
            control.onExecutionEnd(trial.id(), e, ex.metrics());
            done.add(ex.metrics());
            hp = ex.hyperparameters();
            step = ex.step();
            ex.unreported().forEach((k, v) -> unreported.merge(k, v, Double::sum));
        }
        Map<String, Double> mean = mean(done);
        return new Result(mean, step, hp, new ExecutionSpread(List.copyOf(done), sd(done, objective.name())),
                unreported);
    }

    /** Builds and fits (or evaluates) the program once: execution {@code execution} of the trial. */
    private Execution execute(Trial trial, int execution, FitArgs base, Executor executor, TrialControl control)
            throws Exception {
        HyperParameters hp = trial.hyperparameters().copy();
        Program program = Futures.await(hypermodel.build(hp, executor));
        if (program == null) {
            throw new FatalTrialException("The hypermodel returned null for trial " + trial.id()
                    + "; it must return a Program (or a CompletionStage of one).");
        }
        Map<String, Double> metrics;
        int step = 0;
        Map<String, Double> unreported = Map.of();
        if (program.hasOptimizer()) {
            FitArgs args = budget(base, hp).toBuilder().trialId(trial.id()).build();
            EpochReporter[] reporter = new EpochReporter[1];
            History history = fit(trial, execution, program, args, hp, executor, control, reporter);
            if (control.stopRequested() && (history == null || history.epochs() < args.epochs())) {
                throw new TrialStoppedException("Trial " + trial.id() + " stopped at an epoch boundary; it resumes "
                        + "from its last checkpoint.");
            }
            metrics = HistoryReducer.reduce(history, objective);
            step = HistoryReducer.bestEpoch(history, objective);
            if (reporter[0] == null || !reporter[0].reportedAny()) {
                unreported = sums(history);
            }
        } else {
            metrics = evaluate(program, base, executor);
            unreported = metrics;
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
        List<String> unconstrained = objective.constraints().stream().map(ConstraintSpec::metric)
                .filter(m -> !reported.containsKey(m)).distinct().toList();
        if (!unconstrained.isEmpty()) {
            throw new FatalTrialException("Trial " + trial.id() + " produced no value for the constrained metric"
                    + (unconstrained.size() > 1 ? "s " : " ") + unconstrained + "; the metrics received were "
                    + metrics.keySet() + ". Constrain a metric the program reports, or make the program report it.");
        }
        return new Execution(metrics, step, hp, unreported);
    }

    private static Map<String, Double> sums(History history) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (history != null) {
            history.history().forEach((k, v) -> out.put(k, v.stream().filter(x -> x != null && !x.isNaN())
                    .mapToDouble(Double::doubleValue).sum()));
        }
        return out;
    }

    /** Per metric, the mean over the executions that reported it (NaN values left out unless all are NaN). */
    static Map<String, Double> mean(List<Map<String, Double>> executions) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map<String, Double> m : executions) {
            m.forEach((k, v) -> {
                double[] s = sums.computeIfAbsent(k, x -> new double[3]);
                if (v == null || v.isNaN()) {
                    s[2]++;
                } else {
                    s[0] += v;
                    s[1]++;
                }
            });
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[1] == 0 ? Double.NaN : s[0] / s[1]));
        return out;
    }

    /** The sample standard deviation of {@code metric} over the executions, or {@code null} below two values. */
    static Double sd(List<Map<String, Double>> executions, String metric) {
        double[] values = executions.stream().map(m -> m.get(metric)).filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue).toArray();
        if (values.length < 2) {
            return null;
        }
        double mean = java.util.Arrays.stream(values).average().orElse(0);
        double ss = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (values.length - 1));
    }

    private static FitArgs budget(FitArgs base, HyperParameters hp) {
        if (!hp.contains(ScheduleValues.EPOCHS)) {
            return base;
        }
        int epochs = ((Number) hp.get(ScheduleValues.EPOCHS)).intValue();
        int initial = hp.contains(ScheduleValues.INITIAL_EPOCH)
                ? ((Number) hp.get(ScheduleValues.INITIAL_EPOCH)).intValue() : 0;
        return base.toBuilder().epochs(epochs).initialEpoch(Math.min(initial, epochs - 1)).build();
    }

    private History fit(Trial trial, int execution, Program program, FitArgs args, HyperParameters hp,
                        Executor executor, TrialControl control, EpochReporter[] reporterOut) throws Exception {
        Checkpointable checkpointable = program instanceof Checkpointable c ? c : null;
        Map<String, List<Double>> prior = new LinkedHashMap<>();
        FitArgs effective = args;
        String key = checkpointKey(trial.id(), execution);
        Optional<ProgramCheckpoint> own = checkpointable == null ? Optional.empty()
                : store.loadCheckpoint(key);
        if (own.isPresent()) {
            ProgramCheckpoint cp = own.get();
            checkpointable.restoreState(cp.state());
            cp.history().forEach((k, v) -> prior.put(k, new ArrayList<>(v)));
            if (cp.epoch() + 1 >= args.epochs()) {
                return History.of(prior);
            }
            effective = args.toBuilder().initialEpoch(cp.epoch() + 1).build();
        } else if (checkpointable != null && hp.contains(ScheduleValues.PARENT_TRIAL_ID)) {
            String parent = String.valueOf(hp.get(ScheduleValues.PARENT_TRIAL_ID));
            store.loadCheckpoint(checkpointKey(parent, execution)).ifPresent(cp -> checkpointable.restoreState(
                    cp.state()));
        }
        EpochReporter reporter = new EpochReporter(trial.id(), execution, effective.epochs(), checkpointable, prior,
                control);
        reporterOut[0] = reporter;
        FitArgs withReporter = effective.toBuilder().callbacks(reporter).build();
        History fresh = Futures.await(CompletableFuture.supplyAsync(() -> program.fit(withReporter), executor)
                .thenCompose(s -> s));
        Map<String, List<Double>> merged = new LinkedHashMap<>();
        int keep = reporter.firstEpoch(effective.initialEpoch());
        prior.forEach((k, v) -> merged.put(k, new ArrayList<>(v.subList(0, Math.min(v.size(), keep)))));
        fresh.history().forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        if (checkpointable != null && !control.stopRequested() && fresh.epochs() > 0) {
            control.onEpoch(key, keep + fresh.epochs() - 1, new ProgramCheckpoint(keep + fresh.epochs() - 1,
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
        private final int execution;
        private final int epochs;
        private final Checkpointable program;
        private final Map<String, List<Double>> history;
        private final TrialControl control;
        private int firstEpoch = -1;

        EpochReporter(String trialId, int execution, int epochs, Checkpointable program,
                      Map<String, List<Double>> prior, TrialControl control) {
            this.trialId = trialId;
            this.execution = execution;
            this.epochs = epochs;
            this.program = program;
            this.control = control;
            this.history = new LinkedHashMap<>();
            prior.forEach((k, v) -> history.put(k, new ArrayList<>(v)));
        }

        int firstEpoch(int fallback) {
            return firstEpoch < 0 ? fallback : firstEpoch;
        }

        synchronized boolean reportedAny() {
            return firstEpoch >= 0;
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
            Map<String, List<Double>> sofar = copy(history);
            ProgramCheckpoint cp = program == null ? null : new ProgramCheckpoint(epoch, program.saveState(), sofar);
            control.onEpoch(new EpochReport(trialId, execution, epoch, epochs, nonNull(logs), sofar, cp,
                    checkpointKey(trialId, execution)));
        }

        private static Map<String, Double> nonNull(Map<String, Double> logs) {
            Map<String, Double> out = new LinkedHashMap<>();
            logs.forEach((k, v) -> out.put(k, v == null ? Double.NaN : v));
            return out;
        }

        @Override
        public boolean stopRequested() {
            return control.stopRequested();
        }

        private static Map<String, List<Double>> copy(Map<String, List<Double>> h) {
            Map<String, List<Double>> c = new LinkedHashMap<>();
            h.forEach((k, v) -> c.put(k, java.util.Collections.unmodifiableList(new ArrayList<>(v))));
            return c;
        }
    }
}
