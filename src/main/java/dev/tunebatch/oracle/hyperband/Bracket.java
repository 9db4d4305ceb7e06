package dev.tunebatch.oracle.hyperband;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One started Hyperband bracket: the trials created so far in each of its rounds. */
final class Bracket {

    private final int number;
    private final List<List<RoundEntry>> rounds = new ArrayList<>();

    /** A bracket with no trials yet. */
    Bracket(int number) {
        this.number = number;
        for (int r = 0; r <= number; r++) {
            rounds.add(new ArrayList<>());
        }
    }

    int number() {
        return number;
    }

    int roundCount() {
        return rounds.size();
    }

    /** The trials of round {@code round}; the list is live. */
    List<RoundEntry> round(int round) {
        return rounds.get(round);
    }

    /** The ids of round {@code round}'s trials that were promoted to the next round. */
    Set<String> promotedFrom(int round) {
        return rounds.get(round + 1).stream().map(RoundEntry::parentId).collect(Collectors.toSet());
    }

    /** Whether every trial of the bracket has been created (its last round is full). */
    boolean allCreated(HyperbandSchedule schedule) {
        int last = rounds.size() - 1;
        return rounds.get(last).size() >= schedule.size(number, last);
    }

    /** Plain data: {@code {"bracket":b, "rounds":[[{"trial_id":..., "parent_id":...}]]}}. */
    Map<String, Object> toData() {
        List<Object> roundData = new ArrayList<>();
        for (List<RoundEntry> round : rounds) {
            List<Object> entries = new ArrayList<>();
            for (RoundEntry e : round) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("trial_id", e.trialId());
                if (e.parentId() != null) {
                    entry.put("parent_id", e.parentId());
                }
                entries.add(entry);
            }
            roundData.add(entries);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bracket", number);
        data.put("rounds", roundData);
        return data;
    }

    /** Reads {@link #toData()}, keeping only the entries whose trial satisfies {@code known}. */
    @SuppressWarnings("unchecked")
    static Bracket fromData(Map<String, Object> data, Set<String> known) {
        Bracket bracket = new Bracket(((Number) data.get("bracket")).intValue());
        List<Object> roundData = (List<Object>) data.getOrDefault("rounds", List.of());
        if (roundData.size() > bracket.roundCount()) {
            throw new IllegalStateException("Stored Hyperband bracket " + bracket.number + " has " + roundData.size()
                    + " rounds but a bracket " + bracket.number + " has " + bracket.roundCount()
                    + "; the stored state is corrupt, start afresh with overwrite(true).");
        }
        for (int r = 0; r < roundData.size(); r++) {
            for (Object o : (List<Object>) roundData.get(r)) {
                Map<String, Object> entry = (Map<String, Object>) o;
                String trialId = (String) entry.get("trial_id");
                if (known.contains(trialId)) {
                    bracket.rounds.get(r).add(new RoundEntry(trialId, (String) entry.get("parent_id")));
                }
            }
        }
        return bracket;
    }
}
