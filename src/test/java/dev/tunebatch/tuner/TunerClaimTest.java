package dev.tunebatch.tuner;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.SearchBusyException;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.testing.FakeProgram;
import dev.tunebatch.testing.SearchClaims;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The library's search on a PostgreSQL store keeps its claim as the engine does: when its database session loses the
 * claim and another process takes the search, it stops with {@link SearchBusyException}, and the search can go on
 * elsewhere without losing or repeating a trial.
 */
class TunerClaimTest {

    private static final HikariDataSource DB = TestDatabase.create("tuner_claim");

    private static RandomSearch tuner(String name, FakeProgram.EpochMetrics metrics) {
        return RandomSearch.builder()
                .hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new FakeProgram(epoch -> {
                        Map<String, Double> m = metrics.at(epoch);
                        return m.isEmpty() ? Map.of("val_reward", x) : m;
                    });
                })
                .objective(Objective.of("val_reward", Direction.MAX)).maxTrials(30).seed(5).verbose(false)
                .store(new JdbcTrialStore(DB, name)).build();
    }

    private static int trials(String name, String status) {
        Integer n = new JdbcTemplate(DB).queryForObject(
                "select count(*) from tb_trial where search_name = ? and status = ?", Integer.class, name, status);
        return n == null ? 0 : n;
    }

    @Test
    void aSearchWhoseClaimAnotherProcessTookStopsAndTheSearchGoesOnElsewhere() throws Exception {
        String name = "takeover-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger epochs = new AtomicInteger();
        AtomicBoolean tookOver = new AtomicBoolean();
        try (Connection other = DB.getConnection()) {
            RandomSearch first = tuner(name, epoch -> {
                if (epochs.incrementAndGet() == 3) {
                    tookOver.set(SearchClaims.takeOver(DB, name, other));
                }
                Thread.sleep(100);
                return Map.of();
            });

            assertThatThrownBy(() -> first.search(FitArgs.builder().epochs(2).build()))
                    .isInstanceOf(SearchBusyException.class).hasMessageContaining("took over");
            assertThat(tookOver).as("the other process took the claim").isTrue();

            assertThat(trials(name, "COMPLETED")).isLessThan(30);
            other.createStatement().execute("select pg_advisory_unlock_all()");
        }

        tuner(name, epoch -> Map.of()).search(FitArgs.builder().epochs(2).build());

        assertThat(trials(name, "COMPLETED")).isEqualTo(30);
        assertThat(trials(name, "RUNNING")).isZero();
    }
}
