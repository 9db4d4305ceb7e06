package dev.tunebatch.tuner;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.program.AsyncHyperModel;
import dev.tunebatch.program.HyperModel;
import dev.tunebatch.store.TrialStore;
import dev.tunebatch.store.file.FileTrialStore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The settings every tuner shares, with keras-tuner's defaults. Subclasses add their algorithm's settings.
 *
 * @param <T> the tuner built
 * @param <B> the concrete builder, for chaining
 */
public abstract class TunerBuilder<T extends Tuner, B extends TunerBuilder<T, B>> {

    HyperModel hypermodel;
    AsyncHyperModel asyncHypermodel;
    final List<Objective> objectives = new ArrayList<>();
    boolean pareto;
    final List<Constraint> constraints = new ArrayList<>();
    Integer maxTrials;
    Long seed;
    Path directory;
    String projectName;
    boolean overwrite;
    int maxRetriesPerTrial;
    int maxConsecutiveFailedTrials = 3;
    int maxCollisions = 20;
    boolean allowNewEntries = true;
    boolean tuneNewEntries = true;
    boolean verbose = true;
    PrintStream out = System.out;
    TrialStore store;
    String tunerId = "tuner0";
    HyperParameters hyperparameters;
    int executionsPerTrial = 1;
    final List<java.util.Map<String, Object>> enqueued = new ArrayList<>();
    Pruner pruner = Pruner.none();
    final List<Budget> budgets = new ArrayList<>();
    TrialStore warmStartStore;
    int warmStartCount;
    boolean driftCheck;

    protected TunerBuilder(Integer defaultMaxTrials) {
        this.maxTrials = defaultMaxTrials;
    }

    protected abstract B self();

    /** A fresh oracle of this tuner's kind with these settings. */
    protected abstract Oracle newOracle();

    /**
     * Opens this search in {@code store} without building an in-process tuner: what the Spring Batch engine uses.
     */
    public SearchSession openSession(TrialStore store) {
        return SearchSession.open(this, store);
    }

    /** Builds the tuner: opens (or resumes) the search and, for a new one, runs the hypermodel to fill the space. */
    public abstract T build();

    /** A synchronous hypermodel: {@code hp -> program}. */
    public B hypermodel(HyperModel hypermodel) {
        this.hypermodel = hypermodel;
        return self();
    }

    /** An asynchronous hypermodel: {@code hp -> CompletionStage<Program>}. */
    public B asyncHypermodel(AsyncHyperModel asyncHypermodel) {
        this.asyncHypermodel = asyncHypermodel;
        return self();
    }

    /** The objective. */
    public B objective(Objective objective) {
        objectives.clear();
        objectives.add(Objects.requireNonNull(objective, "objective"));
        pareto = false;
        return self();
    }

    /** The objective by name, its direction inferred ({@link Objective#of(String)}). */
    public B objective(String name) {
        return objective(Objective.of(name));
    }

    /**
     * Several objectives summed into one, keras-tuner's multi-objective named {@code multi_objective}:
     * Σ min-metrics − Σ max-metrics (kept for compatibility; metrics of different units rarely add up, see
     * {@link #paretoObjectives}).
     */
    public B objectives(Objective... several) {
        objectives.clear();
        objectives.addAll(Arrays.asList(several));
        pareto = false;
        return self();
    }

    /**
     * A Pareto search: each objective keeps its own direction and the search keeps the non-dominated trials
     * ({@code getParetoFront()}); {@code getBestTrials} orders by front, then by hypervolume contribution. A Pareto
     * trial has no scalar score.
     */
    public B paretoObjectives(Objective... several) {
        objectives.clear();
        for (Objective o : several) {
            objectives.add(Objects.requireNonNull(o, "paretoObjectives: an objective is null"));
        }
        pareto = true;
        return self();
    }

    /**
     * Bounds on reported metrics that a trial must respect to be feasible (replacing any given before); infeasible
     * trials rank after every feasible one.
     */
    public B constraints(Constraint... bounds) {
        constraints.clear();
        for (Constraint c : bounds) {
            constraints.add(Objects.requireNonNull(c, "constraints: a constraint is null"));
        }
        return self();
    }

    public B maxTrials(int maxTrials) {
        this.maxTrials = maxTrials;
        return self();
    }

    /** The oracle's seed; without one a random seed is drawn and stored, so a resumed search continues its stream. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** The folder holding the project folder (default {@code .}). */
    public B directory(Path directory) {
        this.directory = directory;
        return self();
    }

    /** The project folder's name (default {@code untitled_project}). */
    public B projectName(String projectName) {
        this.projectName = projectName;
        return self();
    }

    /** Start afresh, deleting what the project stored; otherwise a stored search resumes. */
    public B overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return self();
    }

    public B maxRetriesPerTrial(int maxRetriesPerTrial) {
        this.maxRetriesPerTrial = maxRetriesPerTrial;
        return self();
    }

    public B maxConsecutiveFailedTrials(int maxConsecutiveFailedTrials) {
        this.maxConsecutiveFailedTrials = maxConsecutiveFailedTrials;
        return self();
    }

    /** How many duplicate random proposals in a row end the search (keras-tuner hard-codes 20). */
    public B maxCollisions(int maxCollisions) {
        this.maxCollisions = maxCollisions;
        return self();
    }

    /** Hyperparameters declared in advance (their values seed the space). */
    public B hyperparameters(HyperParameters hyperparameters) {
        this.hyperparameters = hyperparameters;
        return self();
    }

    public B allowNewEntries(boolean allowNewEntries) {
        this.allowNewEntries = allowNewEntries;
        return self();
    }

    public B tuneNewEntries(boolean tuneNewEntries) {
        this.tuneNewEntries = tuneNewEntries;
        return self();
    }

    /** Console progress on (default) or off. */
    public B verbose(boolean verbose) {
        this.verbose = verbose;
        return self();
    }

    /** Where console progress goes (default standard output). */
    public B out(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
        return self();
    }

    /** A store of your own (PostgreSQL, in memory) instead of {@code directory/projectName}. */
    public B store(TrialStore store) {
        this.store = store;
        return self();
    }

    /** This worker's id (default {@code tuner0}). */
    public B tunerId(String tunerId) {
        this.tunerId = tunerId;
        return self();
    }

    /**
     * keras-tuner's {@code executions_per_trial}: each trial builds and fits its program {@code n} times (each
     * execution resumable from its own checkpoint); its metrics are the means over the executions, and the spread of
     * the objective (standard deviation, n) is stored and shown. Default 1.
     */
    public B executionsPerTrial(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("executionsPerTrial: " + n + " must be at least 1, e.g. "
                    + "executionsPerTrial(3).");
        }
        this.executionsPerTrial = n;
        return self();
    }

    /**
     * Runs this configuration before the algorithm's own proposals (after those enqueued before it); hyperparameters
     * it leaves out take their defaults. Checked against the search space at {@code build()}: a name the space does
     * not declare, or a value outside its hyperparameter, fails with an {@link IllegalArgumentException} naming it.
     * A configuration already tried or queued by the stored search is not queued again, so a resumed search does not
     * repeat it.
     */
    public B enqueue(java.util.Map<String, Object> values) {
        Objects.requireNonNull(values, "enqueue: pass a map of hyperparameter names to values");
        this.enqueued.add(new java.util.LinkedHashMap<>(values));
        return self();
    }

    /** Early stopping of bad trials ({@link Pruner#median}, {@link Pruner#successiveHalving}); default none. */
    public B pruner(Pruner pruner) {
        this.pruner = Objects.requireNonNull(pruner, "pruner: pass Pruner.none() for no pruning");
        return self();
    }

    /** The budgets of the search ({@link Budget}); replaces those given before. */
    public B budget(Budget... budgets) {
        this.budgets.clear();
        for (Budget b : budgets) {
            this.budgets.add(Objects.requireNonNull(b, "budget: a budget is null"));
        }
        return self();
    }

    /**
     * Seeds this search with the {@code k} best configurations of another stored search (best expected first, as
     * {@code getBestTrials} ranks them): they are enqueued, keeping the hyperparameters this space declares (the
     * others take their defaults); a configuration whose values fall outside this space is skipped with a message.
     */
    public B warmStartFrom(TrialStore other, int k) {
        this.warmStartStore = Objects.requireNonNull(other, "warmStartFrom: pass the other search's store, e.g. "
                + "new FileTrialStore(dir, \"old_search\") or new JdbcTrialStore(dataSource, \"old\")");
        if (k < 1) {
            throw new IllegalArgumentException("warmStartFrom: k=" + k + " must be at least 1, e.g. "
                    + "warmStartFrom(store, 5).");
        }
        this.warmStartCount = k;
        return self();
    }

    /**
     * With {@code true}, each run (a new run key in the engine, each {@code search} call in the library) first
     * evaluates the current best configuration again, as a trial of its own whose origin names the original: a check
     * that what was best still is (data, models or prices drift between nights).
     */
    public B driftCheck(boolean driftCheck) {
        this.driftCheck = driftCheck;
        return self();
    }

    /** The objective in the oracle's form; fails clearly when none was given. */
    ObjectiveSpec objectiveSpec() {
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("objective: no objective was given; call .objective(Objective.of("
                    + "\"val_reward\", Direction.MAX)) or another metric your program reports.");
        }
        List<ObjectiveSpec> specs = objectives.stream().map(Objective::toSpec).toList();
        ObjectiveSpec spec = pareto ? ObjectiveSpec.pareto(specs)
                : specs.size() == 1 ? specs.get(0) : ObjectiveSpec.multi(specs);
        return spec.withConstraints(constraints.stream().map(Constraint::toSpec).toList());
    }

    /** The oracle settings shared by every algorithm. */
    protected OracleConfig oracleConfig() {
        if (hyperparameters != null && (!allowNewEntries || !tuneNewEntries) && hyperparameters.space().isEmpty()) {
            throw new IllegalArgumentException("tuneNewEntries/allowNewEntries: with no hyperparameters declared in "
                    + "advance, new entries must be allowed and tuned.");
        }
        long s = seed != null ? seed : 1 + new SecureRandom().nextInt(Integer.MAX_VALUE - 1);
        return new OracleConfig(objectiveSpec(), maxTrials, s, maxRetriesPerTrial, maxConsecutiveFailedTrials,
                maxCollisions, allowNewEntries, tuneNewEntries);
    }

    /** The store: the one given, else {@code directory/projectName} on disk. */
    TrialStore resolveStore() {
        if (store != null) {
            if (directory != null || projectName != null) {
                throw new IllegalArgumentException("store: a store was given together with directory/projectName; "
                        + "pass one or the other.");
            }
            return store;
        }
        return new FileTrialStore(directory == null ? Path.of(".") : directory,
                projectName == null ? "untitled_project" : projectName);
    }
}
