package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.hp.Values;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The decision-maker of a search, with keras-tuner's semantics: hands out trials, records their metrics, scores them,
 * retries INVALID ones, and keeps the whole state as plain data so that a search resumes exactly. Subclasses supply
 * {@link #populateSpace(String)}; every public method is synchronised so that parallel workers never interleave.
 */
public abstract class Oracle {

    /** Values that describe Hyperband's schedule rather than the model: not part of duplicate detection. */
    private static final Set<String> SCHEDULE_KEYS = ScheduleValues.SCHEDULE_ONLY;
    /** How many of the best expected trials the stored state lists, for readers without a model (SQL, reports). */
    public static final int EXPECTED_STORED = 100;

    protected OracleConfig config;
    protected HyperParameters space = new HyperParameters();
    protected RandomStream random;
    protected Clock clock = Clock.systemUTC();

    private final LinkedHashMap<String, Trial> trials = new LinkedHashMap<>();
    private final Map<String, String> ongoing = new LinkedHashMap<>();
    private final Deque<String> retryQueue = new ArrayDeque<>();
    private final Set<String> tried = new HashSet<>();
    private final Map<String, String> idToKey = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private long endSeq;
    private long revision;
    /** Bumped when the state is replaced or reconfigured; with the revision, it keys the cached ranking. */
    private long rankingEpoch;
    private long rankedEpoch = -1;
    private long rankedRevision = -1;
    private List<String> rankedIds;
    private int failedInARow;
    private String lastFailureMessage;
    private final Deque<Map<String, Object>> enqueued = new ArrayDeque<>();
    private final Map<String, Object> controls = new LinkedHashMap<>();
    private List<Map.Entry<String, Double>> expectedBest = List.of();
    private long expectedAtEndSeq = -1;

    /** An oracle whose search space is filled by {@link #updateSpace(HyperParameters)}. */
    protected Oracle(OracleConfig config) {
        this(config, null);
    }

    /**
     * An oracle whose search space starts with {@code initialSpace} (keras-tuner's {@code hyperparameters=}); it is
     * required when new entries are not allowed or not tuned, since nothing else would be searched.
     */
    protected Oracle(OracleConfig config, HyperParameters initialSpace) {
        this.config = config;
        this.random = new RandomStream(config.seed(), 0);
        boolean noSpace = initialSpace == null || initialSpace.space().isEmpty();
        if (noSpace && (!config.allowNewEntries() || !config.tuneNewEntries())) {
            throw new IllegalArgumentException("allowNewEntries=" + config.allowNewEntries() + " and tuneNewEntries="
                    + config.tuneNewEntries() + " need an initial search space, or nothing would be searched; pass "
                    + "the hyperparameters to the oracle, or allow and tune new entries.");
        }
        if (!noSpace) {
            this.space = initialSpace.copy();
        }
    }

    /** A stable name of the algorithm, stored with the state ("random", "grid", "hyperband", "bayesian"). */
    public abstract String kind();

    /** Proposes the next trial's values; called with the oracle's lock held. */
    protected abstract Proposal populateSpace(String trialId);

    /** Algorithm-specific state, plain data. */
    protected Map<String, Object> algorithmState() {
        return Map.of();
    }

    /** Restores {@link #algorithmState()}. */
    protected void restoreAlgorithmState(Map<String, Object> state) {
    }

    /** Called when a trial ends (retried or not), with the lock held. */
    protected void onTrialEnded(Trial trial) {
    }

    /**
     * The expected score of evaluated trials by id, when the algorithm has a better estimate than the observed score
     * (a model of the objective); empty to rank by the observed score. Called with the lock held, at most once per
     * trial end.
     */
    protected Map<String, Double> expectedScores() {
        return Map.of();
    }

    /**
     * Whether enqueued configurations are handed out by {@link #createTrial} before the algorithm is asked; an
     * algorithm that draws its own random values (to attach a schedule to them) takes them from
     * {@link #randomValues()} instead.
     */
    protected boolean handsOutEnqueuedFirst() {
        return true;
    }

    /** The settings in force. */
    public OracleConfig config() {
        return config;
    }

    /** Replaces the run-time settings (max trials, retries...), as a resumed search does. */
    public synchronized void reconfigure(OracleConfig newConfig) {
        this.config = new OracleConfig(newConfig.objective(), newConfig.maxTrials(), random.seed(),
                newConfig.maxRetriesPerTrial(), newConfig.maxConsecutiveFailedTrials(), newConfig.maxCollisions(),
                newConfig.allowNewEntries(), newConfig.tuneNewEntries());
        rankingEpoch++;
    }

    public ObjectiveSpec objective() {
        return config.objective();
    }

    // ---------------------------------------------------------------- space

    /** A copy of the search space (with default values). */
    public synchronized HyperParameters getSpace() {
        return space.copy();
    }

    /** Adds the hyperparameters of {@code hps} not yet in the space (name and conditions). */
    public synchronized void updateSpace(HyperParameters hps) {
        List<HyperParameter> fresh = new ArrayList<>();
        HyperParameters probe = space.copy();
        for (HyperParameter hp : hps.space()) {
            int before = probe.space().size();
            probe.merge(List.of(hp), false);
            if (probe.space().size() > before) {
                fresh.add(hp);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (!config.allowNewEntries()) {
            throw new IllegalStateException("New hyperparameters " + fresh.stream().map(HyperParameter::name).toList()
                    + " were declared during the search but allowNewEntries is false; declare them before the search "
                    + "or allow new entries.");
        }
        if (!config.tuneNewEntries()) {
            return;
        }
        space.merge(fresh, false);
        touch();
    }

    // ---------------------------------------------------------------- trial life cycle

    /** The next trial for {@code tunerId}: a retry, a new proposal, IDLE or STOPPED. */
    public synchronized Trial createTrial(String tunerId) {
        String current = ongoing.get(tunerId);
        if (current != null) {
            return trials.get(current).copy();
        }
        if (!retryQueue.isEmpty()) {
            Trial t = trials.get(retryQueue.pollLast());
            t.setStatus(TrialStatus.RUNNING);
            t.started(clock.instant());
            ongoing.put(tunerId, t.id());
            markDirty(t);
            return t.copy();
        }
        String trialId = trialId(trials.size());
        Map<String, Object> origin = null;
        Proposal proposal;
        if (config.maxTrials() != null && trials.size() >= config.maxTrials()) {
            proposal = Proposal.stopped();
        } else if (!enqueued.isEmpty() && handsOutEnqueuedFirst()) {
            origin = enqueuedOrigin();
            proposal = Proposal.run(pollEnqueued());
        } else {
            origin = enqueued.isEmpty() ? null : enqueuedOrigin();
            int before = enqueued.size();
            proposal = populateSpace(trialId);
            origin = enqueued.size() < before ? origin : null;
        }
        HyperParameters hps = space.copy();
        hps.setValues(proposal.values() == null ? Map.of() : proposal.values());
        Trial trial = new Trial(trialId, hps, proposal.status());
        if (origin != null) {
            trial.progress().setOrigin(origin);
        }
        if (proposal.status() == TrialStatus.RUNNING) {
            trial.started(clock.instant());
            recordValues(trial);
            trials.put(trialId, trial);
            ongoing.put(tunerId, trialId);
            markDirty(trial);
            return trial.copy();
        }
        return trial;
    }

    /** keras-tuner's zero-padded id for the {@code n}-th trial. */
    public String trialId(int n) {
        int width = config.maxTrials() == null ? 4 : String.valueOf(config.maxTrials()).length();
        return String.format(Locale.ROOT, "%0" + width + "d", n);
    }

    /** Records metrics of a running trial at {@code step}; every objective metric must be present. */
    public synchronized Trial updateTrial(String trialId, Map<String, Double> metrics, int step) {
        Trial t = requireTrial(trialId);
        ObjectiveSpec objective = config.objective();
        Map<String, MetricDirection> componentDirections = objective.directions();
        // A multi-objective needs its components (keras-tuner's check); its aggregate is computed when absent.
        List<String> expected = List.copyOf(componentDirections.keySet());
        if (!metrics.keySet().containsAll(expected)) {
            throw new IllegalArgumentException("Objective value missing in metrics reported to the Oracle, expected: "
                    + expected + ", found: " + metrics.keySet());
        }
        if (objective.isMulti() && !metrics.containsKey(objective.name())) {
            Map<String, Double> withAggregate = new LinkedHashMap<>(metrics);
            withAggregate.put(objective.name(), objective.value(metrics));
            metrics = withAggregate;
        }
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            MetricDirection direction = e.getKey().equals(objective.name()) ? objective.direction()
                    : componentDirections.getOrDefault(e.getKey(),
                    MetricDirections.infer(e.getKey()).orElse(MetricDirection.MIN));
            t.metrics().update(e.getKey(), e.getValue(), step, direction);
        }
        markDirty(t);
        return t.copy();
    }

    /**
     * Ends a trial with the status and message of {@code trial}: scores a COMPLETED one (a NaN or missing score makes
     * it INVALID), re-queues an INVALID one while retries remain (else it becomes FAILED), and scores a STOPPED one
     * (stopped early) by the best objective value it reached, without retry. Only a RUNNING trial can be ended, and
     * only as COMPLETED, INVALID, FAILED or STOPPED; ending one run twice would queue its retry twice.
     */
    public synchronized Trial endTrial(Trial trial) {
        Trial stored = requireTrial(trial.id());
        if (stored.status() != TrialStatus.RUNNING) {
            throw new IllegalStateException("Trial " + trial.id() + " is not running (it is " + stored.status()
                    + "); end each run of a trial exactly once.");
        }
        if (trial.status() != TrialStatus.COMPLETED && trial.status() != TrialStatus.INVALID
                && trial.status() != TrialStatus.FAILED && trial.status() != TrialStatus.STOPPED) {
            throw new IllegalArgumentException("Trial " + trial.id() + " cannot end with status " + trial.status()
                    + "; end it as COMPLETED, INVALID, FAILED or STOPPED.");
        }
        // Before any change, so that a rejected space (allowNewEntries=false) leaves the trial running.
        updateSpace(trial.hyperparameters());
        stored.setHyperparameters(trial.hyperparameters().copy());
        stored.setStatus(trial.status());
        stored.setMessage(trial.message());
        retryQueue.remove(stored.id());
        if (stored.status() == TrialStatus.COMPLETED) {
            score(stored);
        } else if (stored.status() == TrialStatus.STOPPED && !config.objective().isPareto()) {
            // stopped early (pruned, or over its own budget): scored by what it reached, never retried
            Double score = stored.metrics().bestValue(config.objective().name());
            stored.setScore(score == null || score.isNaN() ? null : score);
            stored.setBestStep(Math.max(0, stored.metrics().bestStep(config.objective().name())));
        }
        recordValues(stored);
        stored.ended(++endSeq, clock.instant());
        if (stored.status() == TrialStatus.INVALID) {
            if (stored.runCount() >= config.maxRetriesPerTrial() + 1) {
                stored.setStatus(TrialStatus.FAILED);
            } else {
                retryQueue.addLast(stored.id());
            }
        }
        countFailureRun(stored);
        ongoing.values().remove(stored.id());
        onTrialEnded(stored);
        markDirty(stored);
        return stored.copy();
    }

    /**
     * Scores a trial that completed: its score is the objective's best value (a Pareto trial has none: its objective
     * values are its metrics); a NaN or missing objective value makes it INVALID.
     */
    private void score(Trial stored) {
        ObjectiveSpec objective = config.objective();
        if (objective.isPareto()) {
            List<String> missing = objective.directions().keySet().stream().filter(name -> {
                Double v = stored.metrics().bestValue(name);
                return v == null || v.isNaN();
            }).toList();
            stored.setScore(null);
            stored.setBestStep(0);
            if (!missing.isEmpty()) {
                stored.setStatus(TrialStatus.INVALID);
                if (stored.message() == null) {
                    stored.setMessage("The objectives " + missing + " were NaN or missing, so the trial is INVALID.");
                }
            }
            return;
        }
        String name = objective.name();
        Double score = stored.metrics().bestValue(name);
        if (score == null || score.isNaN()) {
            stored.setStatus(TrialStatus.INVALID);
            stored.setScore(null);
            if (stored.message() == null) {
                stored.setMessage("The objective " + name + " was NaN or missing, so the trial is INVALID.");
            }
        } else {
            stored.setScore(score);
            stored.setBestStep(Math.max(0, stored.metrics().bestStep(name)));
        }
    }

    /** Retries left for a trial (0 when it will not be retried). */
    public synchronized int retriesLeft(String trialId) {
        Trial t = requireTrial(trialId);
        return Math.max(0, config.maxRetriesPerTrial() + 1 - t.runCount());
    }

    /**
     * Throws {@link ConsecutiveFailuresException} when the last {@code maxConsecutiveFailedTrials} ended trials all
     * FAILED. Called by the tuner after the end has been persisted, so the stored state stays consistent.
     */
    public synchronized void checkConsecutiveFailures() {
        if (failedInARow >= config.maxConsecutiveFailedTrials()) {
            throw new ConsecutiveFailuresException(config.maxConsecutiveFailedTrials(), lastFailureMessage);
        }
    }

    /** Keeps the run of FAILED trials at the end of the search current; an INVALID trial awaiting retry is neutral. */
    private void countFailureRun(Trial ended) {
        if (ended.status() == TrialStatus.FAILED) {
            failedInARow++;
            lastFailureMessage = ended.message();
        } else if (ended.status() == TrialStatus.COMPLETED || ended.status() == TrialStatus.STOPPED) {
            failedInARow = 0;
        }
    }

    private Trial requireTrial(String trialId) {
        Trial t = trials.get(trialId);
        if (t == null) {
            throw new IllegalArgumentException("Unknown trial id '" + trialId + "'.");
        }
        return t;
    }

    // ---------------------------------------------------------------- results

    /**
     * The best trials first, at most {@code n}: COMPLETED trials in the objective's order ({@link TrialRanking}: by
     * score, stable on ties; feasible before infeasible; for a Pareto search by front, then hypervolume
     * contribution), then the others in creation order. For a single objective without constraints, "best" is the
     * best expected score when the algorithm estimates one ({@link #expectedScores()}: the Bayesian model's posterior
     * mean), else the observed score (the mean over a trial's executions); each copy carries its expected score in
     * {@link TrialProgress#expected()}.
     */
    public synchronized List<Trial> getBestTrials(int n) {
        Map<String, Double> expected = config.objective().isScalar() && !config.objective().hasConstraints()
                ? expectedByTrial() : Map.of();
        if (!expected.isEmpty()) {
            return rankedByExpected(n, expected);
        }
        List<Trial> result = new ArrayList<>(Math.min(n, trials.size()));
        for (String id : bestFirstIds()) {
            if (result.size() >= n) {
                break;
            }
            result.add(trials.get(id).copy());
        }
        return result;
    }

    /**
     * The non-dominated COMPLETED trials, best first: for a Pareto search its first front (feasible trials only, or
     * the least violating when none is feasible); for a single or summed objective, the best trial.
     */
    public synchronized List<Trial> getParetoFront() {
        return TrialRanking.front(config.objective(), trials.values()).stream().map(Trial::copy).toList();
    }

    /** {@code candidates} best first under this search's objective and constraints (for algorithms). */
    protected List<Trial> bestFirst(List<Trial> candidates) {
        return TrialRanking.bestFirst(config.objective(), candidates);
    }

    /** The ids of every trial in best-first order, recomputed only when the state has changed. */
    private List<String> bestFirstIds() {
        if (rankedIds == null || rankedEpoch != rankingEpoch || rankedRevision != revision) {
            rankedIds = TrialRanking.bestFirst(config.objective(), trials.values()).stream().map(Trial::id).toList();
            rankedEpoch = rankingEpoch;
            rankedRevision = revision;
        }
        return rankedIds;
    }

    /** COMPLETED trials by expected score (those without one by their score), then the others. */
    private List<Trial> rankedByExpected(int n, Map<String, Double> expected) {
        List<Trial> result = new ArrayList<>(StoredRanking.best(List.copyOf(trials.values()),
                config.objective().direction(), expected, n));
        for (Trial t : trials.values()) {
            if (result.size() >= n) {
                break;
            }
            if (t.status() != TrialStatus.COMPLETED || t.score() == null) {
                result.add(t.copy());
            }
        }
        return result;
    }

    /** The algorithm's expected scores, computed again only after a trial ended since the last time. */
    private Map<String, Double> expectedByTrial() {
        if (expectedAtEndSeq != endSeq) {
            Map<String, Double> all;
            try {
                all = expectedScores();
            } catch (RuntimeException e) {
                // an estimate that cannot be made ranks by the observed score; it must never stop a save
                all = Map.of();
            }
            MetricDirection dir = config.objective().direction();
            Comparator<Map.Entry<String, Double>> byValue = Map.Entry.comparingByValue();
            expectedBest = all.entrySet().stream().sorted(dir == MetricDirection.MAX ? byValue.reversed() : byValue)
                    .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
            expectedAtEndSeq = endSeq;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        expectedBest.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * The intermediate values of every trial but {@code exceptId}: its status and its objective per epoch (the mean
     * over its executions), for early-stopping rules.
     */
    public synchronized List<TrialCurve> curves(String exceptId) {
        List<TrialCurve> out = new ArrayList<>();
        for (Trial t : trials.values()) {
            if (!t.id().equals(exceptId)) {
                out.add(new TrialCurve(t.id(), t.status(), t.progress().curve()));
            }
        }
        return out;
    }

    /** A trial's objective per epoch, with its status. */
    public record TrialCurve(String trialId, TrialStatus status, Map<Integer, Double> curve) {
    }

    /** Changes what a trial reported while it ran (see {@link TrialProgress}); returns a copy of the trial. */
    public synchronized Trial updateProgress(String trialId, java.util.function.Consumer<TrialProgress> change) {
        Trial t = requireTrial(trialId);
        change.accept(t.progress());
        markDirty(t);
        return t.copy();
    }

    // ---------------------------------------------------------------- enqueued configurations and controls

    /**
     * Queues a configuration to run before the algorithm's own proposals (after earlier ones), unless the same values
     * were tried or are queued already; {@code origin} says where it came from. Returns whether it was queued.
     */
    public synchronized boolean enqueue(Map<String, Object> values, Map<String, Object> origin) {
        String key = valuesKey(values);
        if (tried.contains(key) || enqueued.stream().anyMatch(e -> valuesKey(valuesOf(e)).equals(key))) {
            return false;
        }
        enqueueAlways(values, origin);
        return true;
    }

    /** Queues a configuration even when it was tried before (to evaluate it again), first in line. */
    public synchronized void enqueueFirst(Map<String, Object> values, Map<String, Object> origin) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("values", new LinkedHashMap<>(values));
        entry.put("origin", origin == null ? Map.of() : new LinkedHashMap<>(origin));
        enqueued.addFirst(entry);
        touch();
    }

    private void enqueueAlways(Map<String, Object> values, Map<String, Object> origin) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("values", new LinkedHashMap<>(values));
        entry.put("origin", origin == null ? Map.of() : new LinkedHashMap<>(origin));
        enqueued.addLast(entry);
        touch();
    }

    /** How many enqueued configurations wait. */
    public synchronized int enqueuedCount() {
        return enqueued.size();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> valuesOf(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("values");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> enqueuedOrigin() {
        Map<String, Object> origin = (Map<String, Object>) enqueued.peekFirst().get("origin");
        return origin == null || origin.isEmpty() ? Map.of("kind", "enqueued") : origin;
    }

    /** The next enqueued values, or {@code null}. */
    private Map<String, Object> pollEnqueued() {
        Map<String, Object> entry = enqueued.pollFirst();
        if (entry == null) {
            return null;
        }
        touch();
        return new LinkedHashMap<>(valuesOf(entry));
    }

    /** A copy of a search-level control record (budget consumption, drift checks), or {@code null}. */
    public synchronized Object control(String key) {
        Object v = controls.get(key);
        return v instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : v;
    }

    /** Stores a search-level control record with the oracle's state ({@code null} removes it). */
    public synchronized void setControl(String key, Object value) {
        if (value == null) {
            controls.remove(key);
        } else {
            controls.put(key, value);
        }
        touch();
    }

    /** How many trials exist (IDLE and the end-of-search STOPPED answer are never stored). */
    public synchronized int trialCount() {
        return trials.size();
    }

    /** All trials in creation order (copies). */
    public synchronized List<Trial> trials() {
        return trials.values().stream().map(Trial::copy).toList();
    }

    /** One trial (a copy). */
    public synchronized Trial getTrial(String trialId) {
        return requireTrial(trialId).copy();
    }

    /** Trials not yet created, or {@code null} without a limit. */
    public synchronized Integer remainingTrials() {
        return config.maxTrials() == null ? null : Math.max(0, config.maxTrials() - trials.size());
    }

    /** Ids of the trials handed out and not yet ended. */
    public synchronized List<String> ongoingTrialIds() {
        return List.copyOf(ongoing.values());
    }

    // ---------------------------------------------------------------- helpers for algorithms

    /** The stored trials, for algorithms; do not modify. */
    protected Map<String, Trial> storedTrials() {
        return trials;
    }

    /**
     * Random values for every active hyperparameter, never a set tried before; {@code null} when exhausted. Enqueued
     * configurations come first when the algorithm takes them here ({@link #handsOutEnqueuedFirst()}).
     */
    protected Map<String, Object> randomValues() {
        if (!enqueued.isEmpty() && !handsOutEnqueuedFirst()) {
            return pollEnqueued();
        }
        int collisions = 0;
        while (true) {
            HyperParameters hps = new HyperParameters();
            for (HyperParameter hp : space.space()) {
                hps.merge(List.of(hp), false);
                if (hps.isActive(hp)) {
                    hps.putValue(hp.name(), hp.probToValue(random.nextDouble()));
                }
            }
            Map<String, Object> values = hps.values();
            if (tried.contains(valuesKey(values))) {
                collisions++;
                if (collisions > config.maxCollisions()) {
                    return null;
                }
                continue;
            }
            return values;
        }
    }

    /** Whether a value set (active values) has been tried already. */
    protected boolean isTried(Map<String, Object> values) {
        return tried.contains(valuesKey(values));
    }

    /** The duplicate-detection key of a value set: canonical text without Hyperband's schedule keys. */
    protected static String valuesKey(Map<String, Object> values) {
        Map<String, Object> filtered = new LinkedHashMap<>(values);
        filtered.keySet().removeAll(SCHEDULE_KEYS);
        return Values.canonical(filtered);
    }

    private void recordValues(Trial trial) {
        HyperParameters hps = trial.hyperparameters();
        hps.ensureActiveValues(random::nextDouble);
        String key = valuesKey(hps.values());
        String old = idToKey.put(trial.id(), key);
        if (old != null && !old.equals(key)) {
            tried.remove(old);
        }
        tried.add(key);
    }

    private void markDirty(Trial t) {
        dirty.add(t.id());
        touch();
    }

    /** Marks the oracle state as changed. */
    protected void touch() {
        revision++;
    }

    // ---------------------------------------------------------------- persistence

    /** The revision of the state, bumped by every change. */
    public synchronized long revision() {
        return revision;
    }

    /** The trials and state changed since the last call, and forgets them. */
    public synchronized OracleChanges takeChanges() {
        List<Trial> changed = new ArrayList<>();
        for (String id : dirty) {
            changed.add(trials.get(id).copy());
        }
        dirty.clear();
        return new OracleChanges(changed, state());
    }

    /** The oracle state (without the trials), plain data. */
    public synchronized Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", kind());
        s.put("revision", revision);
        s.put("objective", config.objective().toConfig());
        s.put("seed", random.seed());
        s.put("rng_counter", random.counter());
        s.put("end_seq", endSeq);
        s.put("hyperparameters", space.toConfig());
        s.put("algorithm", algorithmState());
        if (!enqueued.isEmpty()) {
            s.put("enqueued", enqueued.stream().map(LinkedHashMap::new).toList());
        }
        if (!controls.isEmpty()) {
            s.put("controls", new LinkedHashMap<>(controls));
        }
        List<Map.Entry<String, Double>> expected = new ArrayList<>(expectedByTrial().entrySet());
        if (!expected.isEmpty()) {
            s.put("expected_best", expected.subList(0, Math.min(EXPECTED_STORED, expected.size())).stream()
                    .map(e -> List.<Object>of(e.getKey(), e.getValue())).toList());
        }
        return s;
    }

    /**
     * Restores a stored state and its trials. With {@code requeueRunning}, trials left RUNNING by a dead process are
     * queued to run again first (same id, same hyperparameters), as keras-tuner does on reload.
     */
    public synchronized void restore(Map<String, Object> state, List<Map<String, Object>> storedTrials,
                                     boolean requeueRunning) {
        checkKind(state);
        restoreScalars(state);
        trials.clear();
        idToKey.clear();
        putTrials(storedTrials);
        rebuildFromTrials(state, requeueRunning);
    }

    /**
     * Brings this oracle up to a newer stored state of the same search, given only the trials saved since the
     * revision it holds; the result equals a {@link #restore} of everything (without requeueing RUNNING trials).
     * Returns false, changing nothing, when the stored search space gained hyperparameters since: the trials already
     * held were bound to the old space, so the caller restores everything instead.
     */
    @SuppressWarnings("unchecked")
    public synchronized boolean refresh(Map<String, Object> state, List<Map<String, Object>> changedTrials) {
        checkKind(state);
        List<String> storedNames = ((List<Map<String, Object>>) ((Map<String, Object>) state.get("hyperparameters"))
                .getOrDefault("space", List.of())).stream().map(Oracle::nameOf).toList();
        if (!storedNames.equals(space.space().stream().map(HyperParameter::name).toList())) {
            return false;
        }
        restoreScalars(state);
        putTrials(changedTrials);
        rebuildFromTrials(state, false);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static String nameOf(Map<String, Object> hyperparameter) {
        return (String) ((Map<String, Object>) hyperparameter.get("config")).get("name");
    }

    private void checkKind(Map<String, Object> state) {
        String storedKind = (String) state.get("kind");
        if (!kind().equals(storedKind)) {
            throw new IllegalStateException("Error reloading the oracle: the stored search was made by the '"
                    + storedKind + "' oracle, not '" + kind() + "'. Use the same tuner, another project name, or "
                    + "overwrite(true) to start afresh.");
        }
    }

    /** The state's random stream, seed, end sequence, revision and search space. */
    @SuppressWarnings("unchecked")
    private void restoreScalars(Map<String, Object> state) {
        long seed = ((Number) state.get("seed")).longValue();
        this.random = new RandomStream(seed, ((Number) state.get("rng_counter")).longValue());
        this.config = new OracleConfig(config.objective(), config.maxTrials(), seed, config.maxRetriesPerTrial(),
                config.maxConsecutiveFailedTrials(), config.maxCollisions(), config.allowNewEntries(),
                config.tuneNewEntries());
        this.endSeq = ((Number) state.getOrDefault("end_seq", 0)).longValue();
        this.revision = ((Number) state.getOrDefault("revision", 0)).longValue();
        this.space = HyperParameters.fromConfig((Map<String, Object>) state.get("hyperparameters"));
        rankingEpoch++;
    }

    /** Parses stored trials into the current space and puts them in id order, replacing those with the same id. */
    private void putTrials(List<Map<String, Object>> storedTrials) {
        Comparator<String> byId = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
        List<Trial> loaded = new ArrayList<>();
        for (Map<String, Object> t : storedTrials) {
            loaded.add(Trial.fromConfig(t, space));
        }
        loaded.sort(Comparator.comparing(Trial::id, byId));
        String last = trials.isEmpty() ? null : trials.sequencedKeySet().getLast();
        boolean inOrder = true;
        for (Trial t : loaded) {
            inOrder &= trials.containsKey(t.id()) || last == null || byId.compare(t.id(), last) > 0;
            trials.put(t.id(), t);
            idToKey.put(t.id(), valuesKey(t.hyperparameters().values()));
        }
        if (!inOrder) {
            List<Trial> all = new ArrayList<>(trials.values());
            all.sort(Comparator.comparing(Trial::id, byId));
            trials.clear();
            all.forEach(t -> trials.put(t.id(), t));
        }
    }

    /** Everything derived from the trials and the rest of the state: duplicates, failures, retries, the algorithm. */
    @SuppressWarnings("unchecked")
    private void rebuildFromTrials(Map<String, Object> state, boolean requeueRunning) {
        ongoing.clear();
        retryQueue.clear();
        dirty.clear();
        tried.clear();
        tried.addAll(idToKey.values());
        failedInARow = 0;
        lastFailureMessage = null;
        List<Trial> ended = trials.values().stream().filter(t -> t.endSeq() != null)
                .sorted(Comparator.comparing(Trial::endSeq)).toList();
        ended.forEach(this::countFailureRun);
        ended.stream().filter(t -> t.status() == TrialStatus.INVALID).forEach(t -> retryQueue.addLast(t.id()));
        if (requeueRunning) {
            trials.values().stream().filter(t -> t.status() == TrialStatus.RUNNING)
                    .forEach(t -> retryQueue.addLast(t.id()));
        }
        restoreAlgorithmState((Map<String, Object>) state.getOrDefault("algorithm", Map.of()));
        enqueued.clear();
        for (Object e : (List<Object>) state.getOrDefault("enqueued", List.of())) {
            enqueued.addLast(new LinkedHashMap<>((Map<String, Object>) e));
        }
        controls.clear();
        controls.putAll((Map<String, Object>) state.getOrDefault("controls", Map.of()));
        expectedAtEndSeq = -1;
    }
}
