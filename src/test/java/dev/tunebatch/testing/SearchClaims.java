package dev.tunebatch.testing;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What another process can do to a search's claim (the session advisory lock of {@code JdbcTrialStore}): find the
 * session holding it, end that session, and take the claim itself.
 */
public final class SearchClaims {

    private SearchClaims() {
    }

    /** The backend holding the claim of {@code search}, or null when nobody holds it. */
    public static Integer holder(DataSource db, String search) {
        List<Integer> pids = new JdbcTemplate(db).queryForList("""
                select pid from pg_locks where locktype = 'advisory' and granted
                  and ((classid::bigint << 32) | objid::bigint) = hashtextextended(?, 1)""", Integer.class, search);
        return pids.isEmpty() ? null : pids.get(0);
    }

    /**
     * Ends the database session of backend {@code pid}, as a PostgreSQL restart would for it, and waits until it is
     * gone (its locks with it): without a timeout, {@code pg_terminate_backend} only signals the backend.
     */
    public static void terminate(DataSource db, int pid) {
        Boolean gone = new JdbcTemplate(db).queryForObject("select pg_terminate_backend(?, 10000)", Boolean.class,
                pid);
        if (!Boolean.TRUE.equals(gone)) {
            throw new IllegalStateException("backend " + pid + " did not end within 10 s");
        }
    }

    /**
     * Ends the session holding the claim of {@code search}, then tries to take the claim on {@code other}, as a
     * second process would; true when it got it. Release it with {@code select pg_advisory_unlock_all()}.
     */
    public static boolean takeOver(DataSource db, String search, Connection other) throws SQLException {
        terminate(db, holder(db, search));
        try (PreparedStatement ps = other.prepareStatement("select pg_try_advisory_lock(hashtextextended(?, 1))")) {
            ps.setString(1, search);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
