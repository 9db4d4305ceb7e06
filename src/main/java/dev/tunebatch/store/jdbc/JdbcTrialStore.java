package dev.tunebatch.store.jdbc;

import dev.tunebatch.oracle.OracleChanges;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.store.ProgramCheckpoint;
import dev.tunebatch.store.SearchBusyException;
import dev.tunebatch.store.StoreException;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A search stored in PostgreSQL: the oracle state in {@code tb_search}, one row per trial in {@code tb_trial}, program
 * checkpoints in {@code tb_checkpoint}. Oracle mutations are serialised by a transaction-scoped advisory lock on the
 * search; the exclusive claim of a search is a session-level advisory lock held on a dedicated connection, so it dies
 * with its owner's process and a crashed run is provably gone. Writes join the caller's transaction when there is one
 * on the same {@link DataSource} (a Spring Batch step's chunk transaction), so progress and step state commit together.
 */
public final class JdbcTrialStore implements TrialStore {

    private static final int LOCK_SEED = 0;
    private static final int CLAIM_SEED = 1;
    /** Granted advisory locks on the claim key of a search (parameters: the search's name, {@link #CLAIM_SEED}). */
    private static final String CLAIM_LOCKS = """
            select 1 from pg_locks
            where locktype = 'advisory' and granted
              and ((classid::bigint << 32) | objid::bigint) = hashtextextended(?, ?)""";

    private final DataSource dataSource;
    private final String searchName;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();
    /** The stored revision read when this thread took the search's lock; valid until the lock is released. */
    private final ThreadLocal<Long> lockedRevision = new ThreadLocal<>();
    private volatile boolean searchRowExists;
    /** What this store last read or wrote of the stored search and is sure is stored; null when unsure. */
    private volatile Known known;

    /** A store for search {@code searchName} with its own transaction manager over {@code dataSource}. */
    public JdbcTrialStore(DataSource dataSource, String searchName) {
        this(dataSource, searchName, new DataSourceTransactionManager(dataSource));
    }

    /** A store whose lock transactions use {@code transactionManager} (which must manage {@code dataSource}). */
    public JdbcTrialStore(DataSource dataSource, String searchName, PlatformTransactionManager transactionManager) {
        if (searchName == null || searchName.isBlank() || searchName.length() > 200) {
            throw new IllegalArgumentException("search name: '" + searchName
                    + "' must be 1 to 200 characters, e.g. \"nightly-classifier\".");
        }
        this.dataSource = dataSource;
        this.searchName = searchName;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactionManager);
    }

    public String searchName() {
        return searchName;
    }

    @Override
    public String location() {
        return "PostgreSQL search '" + searchName + "'";
    }

    @Override
    public Optional<StoredSearch> load() {
        return guarded("load", () -> loadTrials(StoredSearch.COMPLETE));
    }

    @Override
    public Optional<StoredSearch> loadChangedSince(long revision) {
        return guarded("load the changes of", () -> loadTrials(revision));
    }

    /**
     * The stored search at the revision and incarnation (the search cleared and stored afresh gets a new one) this
     * store last loaded, or saved in a transaction that committed.
     */
    private record Known(long incarnation, long revision) {
    }

    /**
     * The state and the trials saved after {@code since}; all of them for {@link StoredSearch#COMPLETE}, and when this
     * store is not sure that the caller's copy is the stored search at {@code since} (another incarnation, another
     * revision, or its last save rolled back).
     */
    private Optional<StoredSearch> loadTrials(long since) {
        record State(String json, long incarnation, long revision) {
        }
        List<State> state = jdbc.query("select oracle_state::text, incarnation, revision from tb_search "
                + "where search_name = ? and oracle_state is not null",
                (rs, i) -> new State(rs.getString(1), rs.getLong(2), rs.getLong(3)), searchName);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        State stored = state.get(0);
        Known before = known;
        long changesSince = since != StoredSearch.COMPLETE && before != null
                && before.incarnation() == stored.incarnation() && before.revision() == since
                ? since : StoredSearch.COMPLETE;
        List<Map<String, Object>> trials = new ArrayList<>();
        jdbc.query("select document::text from tb_trial where search_name = ? and revision > ? "
                + "order by length(trial_id), trial_id", rs -> {
                    trials.add(parse(rs.getString(1)));
                }, searchName, changesSince);
        known = new Known(stored.incarnation(), stored.revision());
        return Optional.of(new StoredSearch(parse(stored.json()), trials, changesSince));
    }

    @Override
    public boolean holds(long revision) {
        Known now = known;
        return now != null && now.revision() == revision;
    }

    @Override
    public Optional<Map<String, Object>> loadTrial(String trialId) {
        return guarded("load a trial of", () -> jdbc.queryForList("select document::text from tb_trial "
                + "where search_name = ? and trial_id = ?", String.class, searchName, trialId).stream()
                .findFirst().map(this::parse));
    }

    @Override
    public long storedRevision() {
        Long underLock = lockedRevision.get();
        if (underLock != null) {
            return underLock;
        }
        return guarded("read the revision of", () -> {
            List<Long> rev = jdbc.queryForList("select revision from tb_search where search_name = ?", Long.class,
                    searchName);
            return rev.isEmpty() ? -1L : rev.get(0);
        });
    }

    @Override
    public void save(OracleChanges changes) {
        guarded("save", () -> tx.execute(status -> {
            ensureSearchRow();
            Object revision = changes.state().get("revision");
            long rev = revision == null ? 0L : ((Number) revision).longValue();
            for (Trial t : changes.trials()) {
                Map<String, Object> doc = t.toConfig();
                jdbc.update("""
                        insert into tb_trial (search_name, trial_id, status, score, document, revision)
                        values (?, ?, ?, ?, ?::jsonb, ?)
                        on conflict (search_name, trial_id) do update
                        set status = excluded.status, score = excluded.score, document = excluded.document,
                            revision = excluded.revision, updated_at = now()""", searchName, t.id(),
                        t.status().name(), t.score(), write(doc), rev);
            }
            List<Long> incarnation = jdbc.queryForList("update tb_search set kind = ?, oracle_state = ?::jsonb, "
                            + "revision = ?, updated_at = now() where search_name = ? returning incarnation",
                    Long.class, changes.state().get("kind"), write(changes.state()), rev, searchName);
            known = incarnation.isEmpty() ? null : new Known(incarnation.get(0), rev);
            forgetUnlessCommitted();
            if (lockedRevision.get() != null) {
                lockedRevision.set(rev);
            }
            return null;
        }));
    }

    @Override
    public void clear() {
        guarded("clear", () -> jdbc.update("delete from tb_search where search_name = ?", searchName));
        searchRowExists = false;
        known = null;
        if (lockedRevision.get() != null) {
            lockedRevision.set(-1L);
        }
    }

    @Override
    public <T> T withLock(Supplier<T> action) {
        if (lockedRevision.get() != null) {
            return action.get();
        }
        return tx.execute(status -> {
            guarded("lock", () -> jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, ?))", rs -> null,
                    searchName, LOCK_SEED));
            // a statement of its own, so that its snapshot sees what the previous lock holder committed
            long revision = storedRevision();
            lockedRevision.set(revision);
            try {
                return action.get();
            } finally {
                lockedRevision.remove();
            }
        });
    }

    @Override
    public Ownership claim(String owner) {
        Connection c;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(hashtextextended(?, ?))")) {
                ps.setString(1, searchName);
                ps.setInt(2, CLAIM_SEED);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                c.close();
                List<String> holder = jdbc.queryForList("select owner from tb_search_owner where search_name = ?",
                        String.class, searchName);
                throw new SearchBusyException("Another live process is running " + location()
                        + (holder.isEmpty() ? "" : " (" + holder.get(0) + ")")
                        + "; wait for it to finish or stop it, then run again.");
            }
        } catch (SQLException | DataAccessException e) {
            throw new StoreException("Could not claim " + location() + ": " + e.getMessage()
                    + ". Check that the database is reachable.", e);
        }
        ensureSearchRow();
        jdbc.update("insert into tb_search_owner (search_name, owner) values (?, ?) on conflict (search_name) do "
                + "update set owner = excluded.owner, claimed_at = now()", searchName, owner);
        return new SessionClaim(c);
    }

    /** A claim held as a session-level advisory lock by a connection of its own. */
    private final class SessionClaim implements Ownership {
        private final Connection connection;

        SessionClaim(Connection connection) {
            this.connection = connection;
        }

        @Override
        public boolean held() {
            try (PreparedStatement ps = connection.prepareStatement("select exists (" + CLAIM_LOCKS
                    + " and pid = pg_backend_pid())")) {
                ps.setQueryTimeout(10);
                ps.setString(1, searchName);
                ps.setInt(2, CLAIM_SEED);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try (connection; PreparedStatement ps = connection.prepareStatement(
                    "select pg_advisory_unlock(hashtextextended(?, ?))")) {
                ps.setString(1, searchName);
                ps.setInt(2, CLAIM_SEED);
                ps.execute();
            } catch (SQLException e) {
                // the lock dies with the session anyway
            }
        }
    }

    /** Whether another session holds the claim of this search right now. */
    public boolean claimedElsewhere() {
        return guarded("inspect", () -> {
            Boolean held = jdbc.queryForObject("select exists (" + CLAIM_LOCKS + " and pid <> pg_backend_pid())",
                    Boolean.class, searchName, CLAIM_SEED);
            return Boolean.TRUE.equals(held);
        });
    }

    @Override
    public void saveCheckpoint(String trialId, ProgramCheckpoint checkpoint) {
        guarded("save a checkpoint of", () -> {
            ensureSearchRow();
            return jdbc.update("""
                    insert into tb_checkpoint (search_name, trial_id, epoch, state, history)
                    values (?, ?, ?, ?, ?::jsonb)
                    on conflict (search_name, trial_id) do update
                    set epoch = excluded.epoch, state = excluded.state, history = excluded.history,
                        updated_at = now()""", searchName, trialId, checkpoint.epoch(), checkpoint.state(),
                    write(checkpoint.history()));
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<ProgramCheckpoint> loadCheckpoint(String trialId) {
        return guarded("load a checkpoint of", () -> {
            List<ProgramCheckpoint> found = jdbc.query(
                    "select epoch, state, history::text from tb_checkpoint where search_name = ? and trial_id = ?",
                    (rs, i) -> {
                        Map<String, List<Double>> history = new LinkedHashMap<>();
                        ((Map<String, List<Object>>) (Map<String, ?>) parse(rs.getString(3))).forEach((k, v) ->
                                history.put(k, v.stream().map(JdbcTrialStore::toDouble).toList()));
                        return new ProgramCheckpoint(rs.getInt(1), rs.getString(2), history);
                    }, searchName, trialId);
            return found.stream().findFirst();
        });
    }

    /** A save that does not commit leaves this store unsure of what is stored: its next load reads everything. */
    private void forgetUnlessCommitted() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            known = null;
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    known = null;
                }
            }
        });
    }

    private void ensureSearchRow() {
        if (!searchRowExists) {
            jdbc.update("insert into tb_search (search_name) values (?) on conflict (search_name) do nothing",
                    searchName);
            searchRowExists = true;
        }
    }

    private static Double toDouble(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new StoreException("Could not serialise state of " + location() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, LinkedHashMap.class);
        } catch (JacksonException e) {
            throw new StoreException("Stored JSON of " + location() + " is unreadable: " + e.getMessage()
                    + ". Start afresh with overwrite(true) if it cannot be repaired.", e);
        }
    }

    private <T> T guarded(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (DataAccessException e) {
            throw new StoreException("Could not " + what + " " + location() + ": " + rootMessage(e)
                    + ". Check that PostgreSQL is reachable and migrated (Flyway), then run again.", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
