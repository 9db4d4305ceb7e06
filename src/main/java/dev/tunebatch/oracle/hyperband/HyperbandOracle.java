package dev.tunebatch.oracle.hyperband;

import dev.tunebatch.oracle.ScheduleValues;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Proposal;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hyperband (keras-tuner's {@code HyperbandOracle}): successive halving run in brackets of decreasing
 * aggressiveness. A bracket starts with random trials trained for a few epochs; each later round continues the best
 * finished trials of the previous round for {@code factor} times more epochs. The most aggressive bracket comes first;
 * one iteration runs every bracket once, and {@code hyperbandIterations} iterations are run.
 *
 * <p>Each trial's values carry its budget: {@value #EPOCHS} (train up to this epoch), {@value #INITIAL_EPOCH} (start
 * here), {@value #BRACKET} (the bracket being filled when the trial was created), {@value #ROUND}, and for a promoted
 * trial {@value #PARENT_TRIAL_ID}, the trial whose state it continues. A promotion starts as soon as more trials of the
 * previous round have completed than the round discards, since the best of them is then sure to be kept.
 *
 * <p>When no open bracket can start a trial, the next bracket is opened rather than waiting; only after the last
 * bracket of the last iteration does the oracle answer IDLE (trials still running) or STOPPED. It also stops when the
 * random values are exhausted and nothing is running. The number of trials follows from the schedule, so
 * {@code maxTrials} must be unset.
 */
public final class HyperbandOracle extends Oracle {

    /** The kind stored with the state. */
    public static final String KIND = "hyperband";
    /** keras-tuner's default {@code max_epochs}. */
    public static final int DEFAULT_MAX_EPOCHS = 100;
    /** keras-tuner's default {@code factor}. */
    public static final int DEFAULT_FACTOR = 3;
    /** keras-tuner's default {@code hyperband_iterations}. */
    public static final int DEFAULT_ITERATIONS = 1;

    /** Value key: the epoch to train up to. */
    public static final String EPOCHS = ScheduleValues.EPOCHS;
    /** Value key: the epoch to start from (the parent's last epoch, 0 in round 0). */
    public static final String INITIAL_EPOCH = ScheduleValues.INITIAL_EPOCH;
    /** Value key: the bracket being filled when the trial was created. */
    public static final String BRACKET = ScheduleValues.BRACKET;
    /** Value key: the round of the trial in its bracket. */
    public static final String ROUND = ScheduleValues.ROUND;
    /** Value key, promoted trials only: the id of the trial to continue from. */
    public static final String PARENT_TRIAL_ID = ScheduleValues.PARENT_TRIAL_ID;

    private HyperbandSchedule schedule;
    private int iterations;
    private int currentBracket;
    private int currentIteration;
    /** Started brackets that still have trials to create, oldest first. */
    private final List<Bracket> brackets = new ArrayList<>();

    /** Hyperband with keras-tuner's defaults: 100 epochs, factor 3, one iteration. */
    public HyperbandOracle(OracleConfig config) {
        this(config, DEFAULT_MAX_EPOCHS, DEFAULT_FACTOR, DEFAULT_ITERATIONS);
    }

    /**
     * Hyperband over {@code maxEpochs} (the budget of a bracket's last round), reducing by {@code factor} (>= 2) per
     * round, repeated {@code hyperbandIterations} (>= 1) times. {@code config.maxTrials()} must be {@code null}.
     */
    public HyperbandOracle(OracleConfig config, int maxEpochs, int factor, int hyperbandIterations) {
        super(config);
        requireNoMaxTrials(config);
        this.schedule = new HyperbandSchedule(maxEpochs, factor);
        this.iterations = checkIterations(hyperbandIterations);
        this.currentBracket = schedule.numBrackets() - 1;
        brackets.add(new Bracket(currentBracket));
    }

    /** As {@link Oracle#reconfigure}; {@code maxTrials} must stay {@code null}. */
    @Override
    public synchronized void reconfigure(OracleConfig newConfig) {
        requireNoMaxTrials(newConfig);
        super.reconfigure(newConfig);
    }

    private static void requireNoMaxTrials(OracleConfig config) {
        if (config.maxTrials() != null) {
            throw new IllegalArgumentException("maxTrials: Hyperband derives the number of trials from maxEpochs, "
                    + "factor and hyperbandIterations, so maxTrials must be null, got " + config.maxTrials()
                    + "; leave it unset.");
        }
    }

    /** The brackets of one iteration for {@code maxEpochs} and {@code factor}. */
    public static int numBrackets(int maxEpochs, int factor) {
        return new HyperbandSchedule(maxEpochs, factor).numBrackets();
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Enqueued configurations become round-0 trials of the bracket being filled, so they get its budget. */
    @Override
    protected boolean handsOutEnqueuedFirst() {
        return false;
    }

    /** The sizes and epochs of the brackets. */
    public synchronized HyperbandSchedule schedule() {
        return schedule;
    }

    public synchronized int maxEpochs() {
        return schedule.maxEpochs();
    }

    public synchronized int factor() {
        return schedule.factor();
    }

    public synchronized int hyperbandIterations() {
        return iterations;
    }

    /** The bracket being filled (the most aggressive one is {@code numBrackets - 1}). */
    public synchronized int currentBracket() {
        return currentBracket;
    }

    /** The iteration being run, from 0. */
    public synchronized int currentIteration() {
        return currentIteration;
    }

    /** The trials of the whole search when every round fills: the trials of one iteration times the iterations. */
    public synchronized int totalTrials() {
        return schedule.trialsPerIteration() * iterations;
    }

    // ---------------------------------------------------------------- algorithm

    @Override
    protected Proposal populateSpace(String trialId) {
        brackets.removeIf(b -> b.allCreated(schedule));
        for (Bracket bracket : brackets) {
            if (bracket.round(0).size() < schedule.size(bracket.number(), 0)) {
                return randomTrial(trialId, bracket);
            }
            for (int round = 1; round < bracket.roundCount(); round++) {
                Trial parent = bestPromotable(bracket, round);
                if (parent != null) {
                    return promotion(trialId, bracket, round, parent);
                }
            }
        }
        if (currentBracket == 0 && currentIteration + 1 >= iterations) {
            return waitOrStop();
        }
        advanceBracket();
        Bracket opened = new Bracket(currentBracket);
        brackets.add(opened);
        touch();
        return randomTrial(trialId, opened);
    }

    /**
     * The best completed trial of {@code round - 1} not yet promoted, once more of them have completed than the round
     * discards; else {@code null}. Ties keep the earlier trial. "Best" is the search's order: by score, feasible
     * first; in a Pareto search by non-dominated sorting of the round's candidates, then hypervolume contribution.
     */
    private Trial bestPromotable(Bracket bracket, int round) {
        Set<String> promoted = bracket.promotedFrom(round - 1);
        List<Trial> candidates = new ArrayList<>();
        for (RoundEntry entry : bracket.round(round - 1)) {
            Trial t = storedTrials().get(entry.trialId());
            if (t != null && t.status() == TrialStatus.COMPLETED && !promoted.contains(t.id())) {
                candidates.add(t);
            }
        }
        int discarded = schedule.size(bracket.number(), round - 1) - schedule.size(bracket.number(), round);
        if (candidates.size() <= discarded) {
            return null;
        }
        return bestFirst(candidates).get(0);
    }

    private Proposal promotion(String trialId, Bracket bracket, int round, Trial parent) {
        Map<String, Object> values = new LinkedHashMap<>(parent.hyperparameters().values());
        values.put(PARENT_TRIAL_ID, parent.id());
        putBudget(values, bracket, round);
        bracket.round(round).add(new RoundEntry(trialId, parent.id()));
        return Proposal.run(values);
    }

    private Proposal randomTrial(String trialId, Bracket bracket) {
        Map<String, Object> drawn = randomValues();
        if (drawn == null) {
            touch();
            return waitOrStop();
        }
        Map<String, Object> values = new LinkedHashMap<>(drawn);
        putBudget(values, bracket, 0);
        bracket.round(0).add(new RoundEntry(trialId, null));
        return Proposal.run(values);
    }

    private void putBudget(Map<String, Object> values, Bracket bracket, int round) {
        values.put(EPOCHS, schedule.epochs(bracket.number(), round));
        values.put(INITIAL_EPOCH, schedule.initialEpoch(bracket.number(), round));
        values.put(BRACKET, currentBracket);
        values.put(ROUND, round);
    }

    private Proposal waitOrStop() {
        return ongoingTrialIds().isEmpty() ? Proposal.stopped() : Proposal.idle();
    }

    private void advanceBracket() {
        currentBracket--;
        if (currentBracket < 0) {
            currentBracket = schedule.numBrackets() - 1;
            currentIteration++;
        }
    }

    private static int checkIterations(int hyperbandIterations) {
        if (hyperbandIterations < 1) {
            throw new IllegalArgumentException("hyperbandIterations: " + hyperbandIterations + " is not a positive "
                    + "number of iterations; pass at least 1 (the default).");
        }
        return hyperbandIterations;
    }

    // ---------------------------------------------------------------- persistence

    @Override
    protected Map<String, Object> algorithmState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("max_epochs", schedule.maxEpochs());
        state.put("factor", schedule.factor());
        state.put("hyperband_iterations", iterations);
        state.put("current_bracket", currentBracket);
        state.put("current_iteration", currentIteration);
        List<Object> open = new ArrayList<>();
        brackets.forEach(b -> open.add(b.toData()));
        state.put("brackets", open);
        return state;
    }

    /**
     * Restores {@link #algorithmState()}; as in keras-tuner, the stored schedule and iterations win over the
     * constructor's. Entries of trials that were not restored are dropped, since their ids will be handed out again.
     * An empty state keeps the constructor's fresh schedule.
     */
    @Override
    @SuppressWarnings("unchecked")
    protected void restoreAlgorithmState(Map<String, Object> state) {
        if (state.isEmpty()) {
            return;
        }
        schedule = new HyperbandSchedule(intOf(state, "max_epochs"), intOf(state, "factor"));
        iterations = checkIterations(intOf(state, "hyperband_iterations"));
        currentBracket = intOf(state, "current_bracket");
        currentIteration = intOf(state, "current_iteration");
        brackets.clear();
        Set<String> known = storedTrials().keySet();
        for (Object b : (List<Object>) state.getOrDefault("brackets", List.of())) {
            brackets.add(Bracket.fromData((Map<String, Object>) b, known));
        }
    }

    private static int intOf(Map<String, Object> state, String key) {
        if (!(state.get(key) instanceof Number n)) {
            throw new IllegalStateException("Stored Hyperband state has no number '" + key + "' (found "
                    + state.get(key) + "); the stored state is corrupt, start afresh with overwrite(true).");
        }
        return n.intValue();
    }
}
