package dev.tunebatch.tuner;

import dev.tunebatch.hp.Condition;
import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.ConsecutiveFailuresException;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The search loop shared by every tuner: ask the oracle for a trial, run it (build, fit or evaluate, reduce), report
 * the metrics and end the trial, persisting each step in the {@link TrialStore}. A stored search resumes: completed
 * trials are never re-run, an interrupted one runs again with the same hyperparameters.
 */
public abstract class Tuner {

    private static final AtomicInteger SEARCHES = new AtomicInteger();

    private final Oracle oracle;
    private final TrialStore store;
    private final HypermodelRunner hypermodel;
    private final TrialRunner runner;
    private final SearchDisplay display;
    private final String tunerId;

    protected Tuner(TunerBuilder<?, ?> builder, Oracle oracle) {
        this.oracle = oracle;
        this.store = builder.resolveStore();
        this.hypermodel = new HypermodelRunner(builder.hypermodel, builder.asyncHypermodel);
        this.tunerId = Objects.requireNonNull(builder.tunerId, "tunerId");
        this.display = new SearchDisplay(builder.out, oracle.objective().name(), builder.verbose);
        this.runner = new TrialRunner(hypermodel, oracle.objective(), store);
        if (builder.hyperparameters != null) {
            oracle.updateSpace(builder.hyperparameters);
        }
        open(builder.overwrite);
    }

    private void open(boolean overwrite) {
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
        ObjectiveSpec before = ObjectiveSpec.fromConfig((Map<String, Object>) stored);
        if (!before.equals(oracle.objective())) {
            throw new IllegalStateException("The search in " + store.location() + " optimises " + before
                    + ", but this tuner asks for " + oracle.objective() + ". Use the same objective, another "
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

    private static void fillDefaults(HyperParameters hp) {
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

    /**
     * Runs trials until the oracle stops. One executor serves the whole search; it is shut down when the search ends.
     *
     * @throws ConsecutiveFailuresException after {@code maxConsecutiveFailedTrials} FAILED trials in a row
     * @throws FatalTrialException          when a trial cannot be scored at all (the trial stays RUNNING)
     */
    public void search(FitArgs args) {
        Objects.requireNonNull(args, "args: pass FitArgs.builder()...build()");
        int n = SEARCHES.incrementAndGet();
        try (TrialStore.Ownership ignored = store.claim(ownerDescription());
             ExecutorService executor = Executors.newThreadPerTaskExecutor(
                     Thread.ofVirtual().name("tunebatch-search-" + n + "-", 0).factory())) {
            display.onSearchBegin();
            Throwable lastError = null;
            while (!Thread.currentThread().isInterrupted()) {
                Trial trial = locked(() -> oracle.createTrial(tunerId));
                if (trial.status() == TrialStatus.STOPPED) {
                    break;
                }
                if (trial.status() == TrialStatus.IDLE) {
                    sleepQuietly();
                    continue;
                }
                int number = oracle.trials().size();
                List<Trial> best = oracle.getBestTrials(1);
                display.onTrialBegin(trial, number, best.isEmpty() ? trial : best.get(0));
                long start = System.nanoTime();
                Throwable error = runOne(trial, args, executor);
                lastError = error == null ? lastError : error;
                Trial ended = oracle.getTrial(trial.id());
                if (ended.status() == TrialStatus.INVALID && error != null) {
                    int left = oracle.retriesLeft(trial.id());
                    display.line("Trial " + trial.id() + " failed " + ended.runCount() + " times. " + left
                            + " retries left.");
                }
                List<Trial> nowBest = oracle.getBestTrials(1);
                display.onTrialEnd(ended, number, System.nanoTime() - start,
                        nowBest.isEmpty() ? null : nowBest.get(0).score());
                try {
                    oracle.checkConsecutiveFailures();
                } catch (ConsecutiveFailuresException e) {
                    if (lastError != null && e.getCause() == null) {
                        e.initCause(lastError);
                    }
                    throw e;
                }
            }
        }
    }

    /** Runs one trial and ends it; returns the error that made it INVALID or FAILED, else null. */
    private Throwable runOne(Trial trial, FitArgs args, ExecutorService executor) {
        try {
            TrialRunner.Result result = runner.run(trial, args, executor);
            locked(() -> {
                oracle.updateTrial(trial.id(), result.metrics(), result.step());
                Trial done = oracle.getTrial(trial.id());
                done.setHyperparameters(result.hyperparameters());
                done.setStatus(TrialStatus.COMPLETED);
                return oracle.endTrial(done);
            });
            return null;
        } catch (FatalTrialException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The search was interrupted during trial " + trial.id()
                    + "; it stays RUNNING and runs again when the search resumes.", e);
        } catch (Exception | Error e) {
            if (e instanceof Error err && !(e instanceof AssertionError) && !(e instanceof StackOverflowError)) {
                throw err;
            }
            TrialStatus status = e instanceof FailedTrialException ? TrialStatus.FAILED : TrialStatus.INVALID;
            locked(() -> {
                Trial failed = oracle.getTrial(trial.id());
                failed.setStatus(status);
                failed.setMessage(stackTrace(e));
                return oracle.endTrial(failed);
            });
            return e;
        }
    }

    private <T> T locked(Supplier<T> action) {
        return store.withLock(() -> {
            T result = action.get();
            store.save(oracle.takeChanges());
            return result;
        });
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String ownerDescription() {
        return "pid " + ProcessHandle.current().pid() + " on " + hostName() + ", tuner " + tunerId;
    }

    private static String hostName() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(at + 1) : name;
    }

    private static String stackTrace(Throwable e) {
        StringWriter sw = new StringWriter();
        Futures.unwrap(e).printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    // ---------------------------------------------------------------- results

    /** The best trials, best first. */
    public List<Trial> getBestTrials(int n) {
        return oracle.getBestTrials(n);
    }

    /** The hyperparameters of the best trials, best first. */
    public List<HyperParameters> getBestHyperparameters(int n) {
        return getBestTrials(n).stream().map(Trial::hyperparameters).toList();
    }

    /** All trials, in creation order. */
    public List<Trial> trials() {
        return oracle.trials();
    }

    /** The search space, with default values. */
    public HyperParameters searchSpace() {
        return oracle.getSpace();
    }

    /** Trials still to create, or null when the algorithm has no limit. */
    public Integer remainingTrials() {
        return oracle.remainingTrials();
    }

    /** The oracle driving this tuner. */
    public Oracle oracle() {
        return oracle;
    }

    /** Where the search is stored. */
    public TrialStore store() {
        return store;
    }

    /** Console progress on or off. */
    public void setVerbose(boolean verbose) {
        display.setVerbose(verbose);
    }

    /** keras-tuner's results summary of the {@code n} best trials. */
    public String resultsSummary(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("Results summary\n");
        sb.append("Results in ").append(store.location()).append('\n');
        sb.append("Showing ").append(n).append(" best trials\n");
        sb.append(oracle.objective()).append('\n');
        for (Trial t : getBestTrials(n)) {
            sb.append('\n').append(t.summary());
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
            config.put("conditions", hp.conditions().stream().map(c -> c.toConfig()).toList());
            config.putAll(settings);
            sb.append(hp.name()).append(" (").append(hp.typeName()).append(")\n");
            sb.append(PythonRepr.of(config)).append('\n');
        }
        return sb.toString();
    }
}
