package dev.tunebatch.store;

import dev.tunebatch.oracle.OracleChanges;
import dev.tunebatch.oracle.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A store that keeps everything in memory: for benchmarks, experiments and tests where nothing must survive the JVM.
 */
public final class InMemoryTrialStore implements TrialStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Map<String, Object>> trials = new LinkedHashMap<>();
    private final Map<String, ProgramCheckpoint> checkpoints = new LinkedHashMap<>();
    private Map<String, Object> state;
    private String owner;

    @Override
    public String location() {
        return "memory";
    }

    @Override
    public synchronized Optional<StoredSearch> load() {
        return state == null ? Optional.empty()
                : Optional.of(new StoredSearch(state, new ArrayList<>(trials.values())));
    }

    @Override
    public synchronized long storedRevision() {
        return state == null ? -1 : ((Number) state.get("revision")).longValue();
    }

    @Override
    public synchronized void save(OracleChanges changes) {
        for (Trial t : changes.trials()) {
            trials.put(t.id(), t.toConfig());
        }
        state = changes.state();
    }

    @Override
    public synchronized void clear() {
        trials.clear();
        checkpoints.clear();
        state = null;
    }

    @Override
    public <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public synchronized Ownership claim(String newOwner) {
        if (owner != null) {
            throw new SearchBusyException("The search in memory is already running under '" + owner
                    + "'; wait for it to finish or stop it, then run again.");
        }
        owner = newOwner;
        return () -> {
            synchronized (this) {
                owner = null;
            }
        };
    }

    @Override
    public synchronized void saveCheckpoint(String trialId, ProgramCheckpoint checkpoint) {
        checkpoints.put(trialId, checkpoint);
    }

    @Override
    public synchronized Optional<ProgramCheckpoint> loadCheckpoint(String trialId) {
        return Optional.ofNullable(checkpoints.get(trialId));
    }
}
