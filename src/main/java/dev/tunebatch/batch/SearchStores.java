package dev.tunebatch.batch;

import dev.tunebatch.store.jdbc.JdbcTrialStore;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * The one place the engine opens a search's store: every search of a database is a {@link JdbcTrialStore} on the
 * engine's data source, joining the engine's transactions (so that a trial's report commits with its step).
 */
public final class SearchStores {

    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;

    public SearchStores(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
    }

    /** The store of search {@code search}. */
    public JdbcTrialStore open(String search) {
        return new JdbcTrialStore(dataSource, search, transactionManager);
    }

    /** The engine's data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The engine's transaction manager. */
    public PlatformTransactionManager transactionManager() {
        return transactionManager;
    }
}
