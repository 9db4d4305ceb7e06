package dev.tunebatch.store.jdbc;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;
import dev.tunebatch.store.TrialStoreContract;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on a real PostgreSQL, plus the lock semantics only a database has. */
class JdbcTrialStoreTest extends TrialStoreContract {

    private static DataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.create("jdbc_store");
    }

    @Override
    protected TrialStore newStore() {
        return new JdbcTrialStore(dataSource, "search-" + UUID.randomUUID());
    }

    @Override
    protected TrialStore reopen(TrialStore store) {
        return new JdbcTrialStore(dataSource, ((JdbcTrialStore) store).searchName());
    }

    @Test
    void theClaimIsVisibleToOthersAndDiesWithItsSession() {
        JdbcTrialStore store = (JdbcTrialStore) newStore();
        JdbcTrialStore other = (JdbcTrialStore) reopen(store);
        assertThat(other.claimedElsewhere()).isFalse();
        TrialStore.Ownership claim = store.claim("pid 1 on test");
        assertThat(other.claimedElsewhere()).isTrue();
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "select owner from tb_search_owner where search_name = ?", String.class, store.searchName()))
                .isEqualTo("pid 1 on test");
        claim.close();
        assertThat(other.claimedElsewhere()).isFalse();
    }

    @Test
    void searchesDoNotSeeEachOther() {
        TrialStore a = newStore();
        TrialStore b = newStore();
        a.saveCheckpoint("0", new dev.tunebatch.store.ProgramCheckpoint(0, "{}", java.util.Map.of()));
        assertThat(b.loadCheckpoint("0")).isEmpty();
        try (TrialStore.Ownership ignored = a.claim("a")) {
            b.claim("b").close();
        }
    }

    // ---------------------------------------------------------------- loads of the changes since a revision

    /** A search whose oracle proposes {@code x}, saved after each step like a session saves. */
    private static RandomSearchOracle started(TrialStore store, int trials) {
        RandomSearchOracle o = new RandomSearchOracle(OracleConfig.defaults(
                ObjectiveSpec.single("score", MetricDirection.MIN), 50, 3));
        HyperParameters hp = new HyperParameters();
        hp.floatParam("x", 0, 1);
        o.updateSpace(hp);
        store.save(o.takeChanges());
        addTrials(o, store, trials);
        return o;
    }

    private static void addTrials(RandomSearchOracle o, TrialStore store, int n) {
        for (int i = 0; i < n; i++) {
            o.createTrial("worker-" + o.trials().size());
            store.save(o.takeChanges());
        }
    }

    /** The revision of the stored search that {@code reader} loads now (a complete load). */
    private static long loadedRevision(TrialStore reader) {
        return ((Number) reader.load().orElseThrow().oracleState().get("revision")).longValue();
    }

    private static List<Object> ids(StoredSearch s) {
        return s.trials().stream().map(t -> t.get("trial_id")).toList();
    }

    @Test
    void theChangesSinceTheRevisionThisStoreLastSawAreOnlyTheTrialsSavedAfterIt() {
        TrialStore writerStore = newStore();
        RandomSearchOracle writer = started(writerStore, 3);
        TrialStore reader = reopen(writerStore);
        long seen = loadedRevision(reader);
        addTrials(writer, writerStore, 2);
        Trial first = writer.getTrial("00");
        first.setStatus(TrialStatus.FAILED);
        writer.endTrial(first);
        writerStore.save(writer.takeChanges());

        StoredSearch changes = reader.loadChangedSince(seen).orElseThrow();

        assertThat(changes.complete()).isFalse();
        assertThat(ids(changes)).containsExactly("00", "03", "04");
        assertThat(((Number) changes.oracleState().get("revision")).longValue()).isEqualTo(writer.revision());
        // the reader now knows the newest revision: nothing changed since
        assertThat(reader.holds(writer.revision())).isTrue();
        assertThat(reader.loadChangedSince(writer.revision()).orElseThrow().trials()).isEmpty();
    }

    @Test
    void aCallerAtAnotherRevisionThanTheStoreLastSawGetsEverything() {
        TrialStore writerStore = newStore();
        RandomSearchOracle writer = started(writerStore, 3);
        TrialStore reader = reopen(writerStore);
        long seen = loadedRevision(reader);
        addTrials(writer, writerStore, 1);

        StoredSearch changes = reader.loadChangedSince(seen - 1).orElseThrow();

        assertThat(changes.complete()).isTrue();
        assertThat(ids(changes)).containsExactly("00", "01", "02", "03");
    }

    @Test
    void aSearchClearedAndStoredAfreshIsLoadedCompletelyEvenPastTheRevisionSeen() {
        TrialStore writerStore = newStore();
        started(writerStore, 2);
        TrialStore reader = reopen(writerStore);
        long seen = loadedRevision(reader);
        writerStore.clear();
        RandomSearchOracle again = started(writerStore, 4);
        assertThat(again.revision()).isGreaterThan(seen);

        StoredSearch changes = reader.loadChangedSince(seen).orElseThrow();

        assertThat(changes.complete()).isTrue();
        assertThat(ids(changes)).containsExactly("00", "01", "02", "03");
    }

    @Test
    void aSaveThatRolledBackLeavesTheNextLoadComplete() {
        TrialStore store = newStore();
        RandomSearchOracle o = started(store, 2);
        long committed = o.revision();
        o.createTrial("another");
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(tx -> {
            store.save(o.takeChanges());
            tx.setRollbackOnly();
        });
        assertThat(store.storedRevision()).isEqualTo(committed);
        assertThat(store.holds(o.revision())).isFalse();
        assertThat(store.holds(committed)).as("what it last committed is forgotten too: it reads everything")
                .isFalse();

        // the caller's copy holds a trial that is not stored: it must get everything, not "nothing since"
        StoredSearch changes = store.loadChangedSince(o.revision()).orElseThrow();

        assertThat(changes.complete()).isTrue();
        assertThat(ids(changes)).containsExactly("00", "01");
    }
}
