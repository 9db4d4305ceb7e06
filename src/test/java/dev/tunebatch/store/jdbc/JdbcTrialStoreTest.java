package dev.tunebatch.store.jdbc;

import dev.tunebatch.store.TrialStore;
import dev.tunebatch.store.TrialStoreContract;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
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
}
