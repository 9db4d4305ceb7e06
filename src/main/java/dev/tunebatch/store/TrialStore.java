package dev.tunebatch.store;

import dev.tunebatch.oracle.OracleChanges;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a search keeps its state: the oracle state, one document per trial, and program checkpoints. Implementations
 * (a directory of JSON files, PostgreSQL) must make {@link #save} atomic and {@link #withLock} exclusive across
 * processes, so that a search killed at any instant resumes from consistent state.
 */
public interface TrialStore extends AutoCloseable {

    /** Where the search lives, for messages ("runs/my_search", "postgresql search 'nightly'"). */
    String location();

    /** The stored search, or empty when nothing has been stored. */
    Optional<StoredSearch> load();

    /**
     * The stored search as changed since {@code revision}, which the caller read from this store before: the oracle
     * state with only the trials saved after that revision, or everything ({@link StoredSearch#complete()}) when
     * the store cannot tell what changed — it keeps no revisions per trial, or the search was cleared and stored
     * afresh since. Called under {@link #withLock}; the default loads everything.
     */
    default Optional<StoredSearch> loadChangedSince(long revision) {
        return load();
    }

    /**
     * Whether the caller's copy at {@code revision} is, as far as this store knows, the stored search: what it last
     * read or committed. A store that cannot tell says true and leaves the comparison of revisions to the caller; one
     * that can says false after a save of its rolled back, so that the caller reloads even when another process
     * brought the stored revision to the same number meanwhile.
     */
    default boolean holds(long revision) {
        return true;
    }

    /** One stored trial's {@code Trial.toConfig()}, read on its own (without the lock), or empty when there is none. */
    default Optional<Map<String, Object>> loadTrial(String trialId) {
        return load().flatMap(s -> s.trials().stream().filter(t -> trialId.equals(t.get("trial_id"))).findFirst());
    }

    /** The revision of the stored oracle state, or -1 when nothing is stored; cheap. */
    long storedRevision();

    /** Writes the changed trials and the oracle state as one atomic unit. */
    void save(OracleChanges changes);

    /** Deletes the stored search (trials, state, checkpoints); used by {@code overwrite(true)}. */
    void clear();

    /**
     * Runs {@code action} while holding the search's exclusive lock: within one JVM and across processes, no two
     * oracle mutations interleave.
     */
    <T> T withLock(Supplier<T> action);

    /**
     * Claims the search for this process for as long as the returned handle is open; fails with
     * {@link SearchBusyException} while another live process holds it.
     */
    Ownership claim(String owner);

    /** Stores a program's state after {@code epoch} of a trial (replacing the previous one of that trial). */
    void saveCheckpoint(String trialId, ProgramCheckpoint checkpoint);

    /** The latest program state of a trial, if any. */
    Optional<ProgramCheckpoint> loadCheckpoint(String trialId);

    @Override
    default void close() {
    }

    /** An exclusive claim on a search, released by {@link #close()}. */
    interface Ownership extends AutoCloseable {
        @Override
        void close();

        /**
         * Whether the claim is still held. A claim tied to a database session is lost with that session (a database
         * restart, a terminated backend) while its process runs on; a claim that cannot be lost says true.
         */
        default boolean held() {
            return true;
        }
    }
}
