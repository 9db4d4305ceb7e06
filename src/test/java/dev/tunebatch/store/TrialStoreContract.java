package dev.tunebatch.store;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.ObjectiveSpec;
import dev.tunebatch.oracle.OracleChanges;
import dev.tunebatch.oracle.OracleConfig;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link TrialStore} must have; each implementation runs it by extending this class. A second
 * store on the same location (same search) must see what the first one saved.
 */
public abstract class TrialStoreContract {

    /** A fresh, empty store for a new search. */
    protected abstract TrialStore newStore();

    /** Another handle on the same search as {@code store} (another process would open it this way). */
    protected abstract TrialStore reopen(TrialStore store);

    private static final ObjectiveSpec OBJECTIVE = ObjectiveSpec.single("score", MetricDirection.MIN);

    private static RandomSearchOracle oracle(int maxTrials) {
        RandomSearchOracle o = new RandomSearchOracle(OracleConfig.defaults(OBJECTIVE, maxTrials, 17));
        HyperParameters hp = new HyperParameters();
        hp.floatParam("x", -5, 5);
        hp.choice("opt", List.of("sgd", "adam", "rmsprop"));
        o.updateSpace(hp);
        return o;
    }

    private static void runTrials(RandomSearchOracle o, TrialStore store, int n) {
        for (int i = 0; i < n; i++) {
            Trial t = o.createTrial("w");
            store.save(o.takeChanges());
            double x = (Double) t.hyperparameters().get("x");
            o.updateTrial(t.id(), Map.of("score", x * x), 0);
            t.setStatus(TrialStatus.COMPLETED);
            o.endTrial(t);
            store.save(o.takeChanges());
        }
    }

    @Test
    void anEmptyStoreHasNothing() {
        TrialStore store = newStore();
        assertThat(store.load()).isEmpty();
        assertThat(store.storedRevision()).isEqualTo(-1);
        assertThat(store.loadCheckpoint("0")).isEmpty();
    }

    @Test
    void savedTrialsAndStateRestoreAnOracleThatContinuesIdentically() {
        TrialStore store = newStore();
        RandomSearchOracle first = oracle(10);
        runTrials(first, store, 4);
        RandomSearchOracle uninterrupted = oracle(10);
        runTrials(uninterrupted, newStore(), 6);

        StoredSearch stored = reopen(store).load().orElseThrow();
        assertThat(stored.trials()).hasSize(4);
        RandomSearchOracle resumed = oracle(10);
        resumed.restore(stored.oracleState(), stored.trials(), true);
        runTrials(resumed, store, 2);

        assertThat(resumed.trials()).extracting(t -> t.hyperparameters().values())
                .containsExactlyElementsOf(uninterrupted.trials().stream()
                        .map(t -> t.hyperparameters().values()).toList());
        assertThat(resumed.trials()).extracting(Trial::score)
                .containsExactlyElementsOf(uninterrupted.trials().stream().map(Trial::score).toList());
    }

    @Test
    void savingSomeTrialsKeepsTheOthers() {
        TrialStore store = newStore();
        RandomSearchOracle o = oracle(10);
        runTrials(o, store, 3);
        o.createTrial("w");
        OracleChanges changes = o.takeChanges();
        assertThat(changes.trials()).hasSize(1);
        store.save(changes);
        List<Map<String, Object>> trials = reopen(store).load().orElseThrow().trials();
        assertThat(trials).hasSize(4);
        assertThat(trials).extracting(t -> t.get("status")).containsExactlyInAnyOrder("COMPLETED", "COMPLETED",
                "COMPLETED", "RUNNING");
    }

    @Test
    void aRunningTrialIsHandedOutAgainAfterRestoreWithTheSameValues() {
        TrialStore store = newStore();
        RandomSearchOracle o = oracle(10);
        runTrials(o, store, 2);
        Trial interrupted = o.createTrial("w");
        store.save(o.takeChanges());

        StoredSearch stored = reopen(store).load().orElseThrow();
        RandomSearchOracle resumed = oracle(10);
        resumed.restore(stored.oracleState(), stored.trials(), true);
        Trial again = resumed.createTrial("other-worker");
        assertThat(again.id()).isEqualTo(interrupted.id());
        assertThat(again.hyperparameters().values()).isEqualTo(interrupted.hyperparameters().values());
        assertThat(again.runCount()).isZero();
    }

    @Test
    void aLoadOfTheChangesHoldsEveryTrialSavedSinceAndBringsACopyUpToDate() {
        TrialStore store = newStore();
        RandomSearchOracle writer = oracle(10);
        runTrials(writer, store, 3);
        TrialStore other = reopen(store);
        StoredSearch seen = other.load().orElseThrow();
        RandomSearchOracle follower = oracle(10);
        follower.restore(seen.oracleState(), seen.trials(), false);
        long at = follower.revision();
        runTrials(writer, store, 2);

        StoredSearch changes = other.loadChangedSince(at).orElseThrow();

        assertThat(changes.trials()).extracting(t -> t.get("trial_id")).contains("03", "04");
        if (!changes.complete()) {
            assertThat(changes.changesSince()).isEqualTo(at);
            assertThat(changes.trials()).extracting(t -> t.get("trial_id")).containsExactly("03", "04");
            assertThat(follower.refresh(changes.oracleState(), changes.trials())).isTrue();
        } else {
            follower.restore(changes.oracleState(), changes.trials(), false);
        }
        assertThat(follower.revision()).isEqualTo(writer.revision());
        assertThat(follower.trials()).extracting(Trial::toConfig)
                .isEqualTo(writer.trials().stream().map(Trial::toConfig).toList());
    }

    @Test
    void revisionGrowsWithEverySave() {
        TrialStore store = newStore();
        RandomSearchOracle o = oracle(10);
        store.save(o.takeChanges());
        long before = store.storedRevision();
        runTrials(o, store, 1);
        assertThat(reopen(store).storedRevision()).isGreaterThan(before);
    }

    @Test
    void clearRemovesTrialsStateAndCheckpoints() {
        TrialStore store = newStore();
        runTrials(oracle(10), store, 2);
        store.saveCheckpoint("0", new ProgramCheckpoint(0, "{}", Map.of("loss", List.of(1.0))));
        store.clear();
        TrialStore again = reopen(store);
        assertThat(again.load()).isEmpty();
        assertThat(again.loadCheckpoint("0")).isEmpty();
        assertThat(again.storedRevision()).isEqualTo(-1);
    }

    @Test
    void checkpointsRoundTripIncludingNaN() {
        TrialStore store = newStore();
        store.saveCheckpoint("03", new ProgramCheckpoint(1, "{\"w\":[1.5,2]}",
                Map.of("loss", List.of(0.9, Double.NaN), "accuracy", List.of(0.5, 0.75))));
        store.saveCheckpoint("03", new ProgramCheckpoint(2, "{\"w\":[1.0]}",
                Map.of("loss", List.of(0.9, Double.NaN, 0.4))));
        ProgramCheckpoint cp = reopen(store).loadCheckpoint("03").orElseThrow();
        assertThat(cp.epoch()).isEqualTo(2);
        assertThat(cp.state()).isEqualTo("{\"w\":[1.0]}");
        assertThat(cp.history().get("loss")).hasSize(3);
        assertThat(cp.history().get("loss").get(1)).isNaN();
        assertThat(cp.history().get("loss").get(2)).isEqualTo(0.4);
        assertThat(cp.history()).doesNotContainKey("accuracy");
    }

    @Test
    void withLockIsExclusive() throws Exception {
        TrialStore a = newStore();
        TrialStore b = reopen(a);
        int[] counter = {0};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int w = 0; w < 4; w++) {
                TrialStore s = w % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        s.withLock(() -> {
                            int read = counter[0];
                            Thread.onSpinWait();
                            counter[0] = read + 1;
                            return null;
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter[0]).isEqualTo(800);
    }

    @Test
    void withLockIsReentrant() {
        TrialStore store = newStore();
        assertThat(store.withLock(() -> store.withLock(() -> 42))).isEqualTo(42);
    }

    @Test
    void onlyOneOwnerAtATime() {
        TrialStore store = newStore();
        TrialStore.Ownership first = store.claim("first");
        assertThatThrownBy(() -> reopen(store).claim("second")).isInstanceOf(SearchBusyException.class)
                .hasMessageContaining("wait for it to finish or stop it");
        first.close();
        reopen(store).claim("third").close();
    }
}
