package dev.tunebatch.tuner;

import com.zaxxer.hikari.HikariDataSource;
import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.store.jdbc.JdbcTrialStore;
import dev.tunebatch.testing.CurveProgram;
import dev.tunebatch.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sessions of one search on PostgreSQL, each with its own store, as a manager and a worker in two processes hold
 * it: the worker reads the trials handed to it without the search's lock, each side brings its oracle up to date
 * with only what the other saved, and both end where a fresh load of everything does.
 */
class SessionsAcrossProcessesTest {

    private static final HikariDataSource DB = TestDatabase.create("sessions_across");

    @AfterAll
    static void close() {
        DB.close();
    }

    private static SearchSession open(String search) {
        return RandomSearch.builder().objective(Objective.of("val_score", Direction.MAX)).seed(3).maxTrials(40)
                .verbose(false).hypermodel(hp -> {
                    double x = hp.floatParam("x", 0, 1);
                    return new CurveProgram(e -> Map.of("val_score", x));
                }).openSession(new JdbcTrialStore(DB, search));
    }

    private static Trial report(SearchSession session, Trial trial) {
        double x = (Double) trial.hyperparameters().get("x");
        return session.complete(trial, new TrialRunner.Result(Map.of("val_score", x), 0, trial.hyperparameters()));
    }

    @Test
    void aWorkerRunsHandedOutTrialsWithoutTheLockAndBothSidesStayEqualToAFreshLoad() {
        String search = "across-" + UUID.randomUUID();
        SearchSession manager = open(search);
        SearchSession worker = open(search);

        Trial first = manager.nextTrial("m0");
        long workerRevision = worker.oracle().revision();
        Trial handed = worker.handedOut(first.id());

        assertThat(handed.hyperparameters().values()).isEqualTo(first.hyperparameters().values());
        assertThat(handed.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(worker.oracle().revision()).as("read without bringing the oracle up to date")
                .isEqualTo(workerRevision);
        assertThat(worker.oracle().trials()).extracting(Trial::id).doesNotContain(first.id());
        assertThat(report(worker, handed).status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(manager.current(first.id()).status()).isEqualTo(TrialStatus.COMPLETED);

        // two trials in flight at a time, reported out of order, each side reading only the other's changes
        for (int round = 0; round < 8; round++) {
            Trial a = manager.nextTrial("m0");
            Trial b = manager.nextTrial("m1");
            report(worker, worker.handedOut(b.id()));
            report(worker, worker.handedOut(a.id()));
            assertThat(manager.current(a.id()).score()).isEqualTo((Double) a.hyperparameters().get("x"));
        }

        SearchSession fresh = open(search);
        assertThat(fresh.oracle().trials()).hasSize(17).allMatch(t -> t.status() == TrialStatus.COMPLETED);
        for (SearchSession side : new SearchSession[] {manager, worker}) {
            side.current(first.id());
            assertThat(side.oracle().trials()).extracting(Trial::toConfig)
                    .isEqualTo(fresh.oracle().trials().stream().map(Trial::toConfig).toList());
            assertThat(side.oracle().state()).isEqualTo(fresh.oracle().state());
        }
    }

    @Test
    void aTrialWithAHyperparameterTheWorkerDoesNotKnowIsReadThroughItsOracleBroughtUpToDate() {
        String search = "grown-" + UUID.randomUUID();
        SearchSession manager = open(search);
        SearchSession worker = open(search);
        report(worker, worker.handedOut(manager.nextTrial("m0").id()));
        manager.locked(() -> {
            HyperParameters more = new HyperParameters();
            more.intParam("depth", 1, 4);
            manager.oracle().updateSpace(more);
            return null;
        });
        Trial deeper = manager.nextTrial("m0");
        assertThat(deeper.hyperparameters().values()).containsKey("depth");

        Trial handed = worker.handedOut(deeper.id());

        assertThat(handed.hyperparameters().values()).isEqualTo(deeper.hyperparameters().values());
        assertThat(worker.oracle().getSpace().space()).extracting(p -> p.name()).containsExactly("x", "depth");
        assertThat(worker.oracle().trials()).extracting(Trial::id).contains(deeper.id());
        assertThat(report(worker, handed).status()).isEqualTo(TrialStatus.COMPLETED);
    }

    @Test
    void aSessionWhoseUnitRolledBackReloadsEvenWhenAnotherBroughtTheStoredRevisionToItsOwn() {
        String search = "rolled-back-" + UUID.randomUUID();
        SearchSession manager = open(search);
        SearchSession other = open(search);
        long before = manager.oracle().revision();
        Trial phantom = new TransactionTemplate(new DataSourceTransactionManager(DB)).execute(tx -> {
            Trial t = manager.nextTrial("m0");
            tx.setRollbackOnly();
            return t;
        });
        // the other process makes the same move from the same state: the stored revision becomes the one the
        // manager holds in memory, for a trial it believes it runs but that was never stored as its own
        Trial stored = other.nextTrial("w0");
        assertThat(stored.id()).isEqualTo(phantom.id());
        assertThat(other.oracle().revision()).isEqualTo(manager.oracle().revision()).isGreaterThan(before);

        Trial next = manager.nextTrial("m0");

        assertThat(next.id()).as("the manager reloaded: it does not hand out the other process's trial again")
                .isNotEqualTo(stored.id());
        assertThat(manager.oracle().getTrial(stored.id()).hyperparameters().values())
                .isEqualTo(stored.hyperparameters().values());
    }
}
