package dev.tunebatch.testing;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The test database is a real, migrated PostgreSQL of its own. */
class TestDatabaseTest {

    @Test
    void eachCallGetsItsOwnMigratedPostgresDatabase() {
        DataSource a = TestDatabase.create("check_a");
        DataSource b = TestDatabase.create("check_b");
        JdbcTemplate ja = new JdbcTemplate(a);
        assertThat(ja.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(ja.queryForObject("select count(*) from batch_job_instance", Integer.class)).isZero();
        String dbA = ja.queryForObject("select current_database()", String.class);
        String dbB = new JdbcTemplate(b).queryForObject("select current_database()", String.class);
        assertThat(dbA).startsWith("tb_check_a_").isNotEqualTo(dbB);
    }

    @Test
    void urlsKeepTheirParameters() {
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5555/tunebatch?ssl=false", "x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5555/x?ssl=false");
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://h:1/postgres", "y"))
                .isEqualTo("jdbc:postgresql://h:1/y");
    }
}
