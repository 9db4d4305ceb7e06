package dev.tunebatch.oracle.grid;

import dev.tunebatch.oracle.Oracle;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Proposal;
import dev.tunebatch.oracle.Trial;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid search (keras-tuner's {@code GridSearchOracle}): tries every combination of the hyperparameters' grid values,
 * defaults first, the last declared hyperparameter varying fastest, each conditional branch only while it is active.
 * Hyperparameters discovered during the search are expanded too, because every ended trial is queued again to derive
 * its successor from its final values.
 *
 * <p>The first trial takes all defaults. Each later one advances a queued trial's values by one step (see
 * {@link GridOdometer}) and is inserted after it in the value-ordered list of trials; a step that reaches the values of
 * the trial already following it in that list has been produced before and is skipped. With nothing left to try the
 * oracle answers IDLE while trials are running (they may still reveal hyperparameters), else STOPPED.
 *
 * <p>Unlike keras-tuner (issue #1055), the ordered list and the queue are part of the persisted state, so a restored
 * oracle continues the grid where it stopped. A float without a step (and a log integer without one) contributes its
 * ten quantiles in ascending order, where keras-tuner uses Python's set order.
 */
public final class GridSearchOracle extends Oracle {

    /** The kind stored with the state. */
    public static final String KIND = "grid";

    private static final String ORDERED_IDS = "ordered_ids";
    private static final String POPULATE_NEXT = "populate_next";

    private GridOrder order = new GridOrder();
    /** Trials whose successor combination has still to be derived, oldest first; an id may appear more than once. */
    private final Deque<String> populateNext = new ArrayDeque<>();

    /** A grid search; {@code config.maxTrials()} may be {@code null} to run until the grid is exhausted. */
    public GridSearchOracle(OracleConfig config) {
        super(config);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Proposal populateSpace(String trialId) {
        GridOdometer odometer = new GridOdometer(space.space());
        if (order.isEmpty()) {
            order.append(trialId);
            // Queued before it ends so that parallel workers get the next combinations at once.
            populateNext.addLast(trialId);
            return Proposal.run(odometer.first());
        }
        boolean popped = false;
        while (!populateNext.isEmpty()) {
            String previous = populateNext.pollFirst();
            popped = true;
            Map<String, Object> candidate = odometer.next(valuesOf(previous));
            if (candidate == null) {
                continue;
            }
            String successor = order.next(previous);
            if (successor != null && odometer.compare(candidate, valuesOf(successor)) >= 0) {
                continue;
            }
            order.insertAfter(trialId, previous);
            return Proposal.run(candidate);
        }
        if (popped) {
            touch();
        }
        return ongoingTrialIds().isEmpty() ? Proposal.stopped() : Proposal.idle();
    }

    @Override
    protected void onTrialEnded(Trial trial) {
        // Whatever the status: its final values may hold hyperparameters first seen during the trial. An enqueued
        // trial is not part of the grid's order: the grid runs all its combinations besides it.
        if (order.contains(trial.id())) {
            populateNext.addLast(trial.id());
        }
    }

    private Map<String, Object> valuesOf(String trialId) {
        return storedTrials().get(trialId).hyperparameters().values();
    }

    @Override
    protected Map<String, Object> algorithmState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(ORDERED_IDS, order.ids());
        state.put(POPULATE_NEXT, new ArrayList<>(populateNext));
        return state;
    }

    /**
     * Restores {@link #algorithmState()}. Ids of trials that were not restored are dropped: their ids will be handed
     * out again. A state without grid data (written by another version) is rebuilt from the trials: they are sorted
     * by their values and all queued, which re-derives every combination not yet tried.
     */
    @Override
    @SuppressWarnings("unchecked")
    protected void restoreAlgorithmState(Map<String, Object> state) {
        Map<String, Trial> trials = storedTrials();
        populateNext.clear();
        if (state.get(ORDERED_IDS) == null) {
            GridOdometer odometer = new GridOdometer(space.space());
            List<String> ids = new ArrayList<>(trials.keySet());
            order = GridOrder.of(ids.stream()
                    .sorted(Comparator.comparing((String id) -> valuesOf(id), odometer::compare))
                    .toList());
            populateNext.addAll(ids);
            return;
        }
        order = GridOrder.of(((List<Object>) state.get(ORDERED_IDS)).stream()
                .map(String::valueOf).filter(trials::containsKey).toList());
        ((List<Object>) state.getOrDefault(POPULATE_NEXT, List.of())).stream()
                .map(String::valueOf).filter(trials::containsKey).forEach(populateNext::addLast);
    }
}
