package dev.tunebatch.oracle;

import dev.tunebatch.hp.Values;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tunebatch.oracle.OracleFixtures.VAL_LOSS;
import static dev.tunebatch.oracle.OracleFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

/** keras-tuner's {@code @synchronized}: one oracle never interleaves, distinct oracles never block each other. */
@Timeout(60)
class OracleConcurrencyTest {

    /** An oracle whose hooks (both run under the oracle's lock) log entry and exit around a pause. */
    static final class LoggingOracle extends Oracle {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger next = new AtomicInteger();

        LoggingOracle() {
            super(OracleFixtures.config(VAL_LOSS, null, 1, 0));
        }

        @Override
        public String kind() {
            return "logging";
        }

        private void logged(String what) {
            log.add(what);
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.add(what);
        }

        @Override
        protected Proposal populateSpace(String trialId) {
            logged("create " + trialId);
            return Proposal.run(Map.of("n", next.getAndIncrement()));
        }

        @Override
        protected void onTrialEnded(Trial trial) {
            logged("end " + trial.id());
        }
    }

    private static void assertPairsAdjacent(List<String> log) {
        assertThat(log.size() % 2).isZero();
        for (int i = 0; i < log.size(); i += 2) {
            assertThat(log.get(i + 1)).as("entry %d of %s", i, log).isEqualTo(log.get(i));
        }
    }

    @Test
    void createTrialCallsOnOneOracleDoNotInterleave() throws Exception {
        LoggingOracle oracle = new LoggingOracle();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Trial>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String tuner = "tuner" + i;
                futures.add(pool.submit(() -> oracle.createTrial(tuner)));
            }
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<Trial> f : futures) {
                ids.add(f.get().id());
            }
            assertThat(ids).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
        assertThat(oracle.log).hasSize(10);
        assertPairsAdjacent(oracle.log);
    }

    @Test
    void createAndEndOnOneOracleDoNotInterleave() throws Exception {
        LoggingOracle oracle = new LoggingOracle();
        Trial first = oracle.createTrial("a");
        oracle.updateTrial(first.id(), Map.of("val_loss", 0.5), 0);
        first.setStatus(TrialStatus.COMPLETED);
        oracle.log.clear();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            Future<?> create = pool.submit(() -> {
                start.await();
                return oracle.createTrial("b");
            });
            Future<?> end = pool.submit(() -> {
                start.await();
                return oracle.endTrial(first);
            });
            create.get();
            end.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(oracle.log).hasSize(4);
        assertPairsAdjacent(oracle.log);
    }

    @Test
    void distinctOraclesDoNotBlockEachOther() throws Exception {
        int n = 4;
        CyclicBarrier allInside = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Trial>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Oracle oracle = new Oracle(config(VAL_LOSS, null, i + 1, 0)) {
                    @Override
                    public String kind() {
                        return "barrier";
                    }

                    @Override
                    protected Proposal populateSpace(String trialId) {
                        try {
                            // every oracle must be inside its own lock at the same time
                            allInside.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError("oracles blocked each other", e);
                        }
                        return Proposal.run(Map.of("k", 1));
                    }
                };
                futures.add(pool.submit(() -> oracle.createTrial("t")));
            }
            for (Future<Trial> f : futures) {
                assertThat(f.get().status()).isEqualTo(TrialStatus.RUNNING);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentWorkersNeverShareATrial() throws Exception {
        int maxTrials = 60;
        RandomSearchOracle oracle = OracleFixtures.random(config(VAL_LOSS, maxTrials, 17, 2), hp -> {
            hp.floatParam("x", 0, 1);
            hp.intParam("n", 0, 1000);
        });
        Set<String> held = ConcurrentHashMap.newKeySet();
        AtomicInteger handouts = new AtomicInteger();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String tuner = "worker" + w;
                futures.add(pool.submit(() -> {
                    while (true) {
                        Trial t = oracle.createTrial(tuner);
                        if (t.status() == TrialStatus.STOPPED) {
                            return null;
                        }
                        if (t.status() != TrialStatus.RUNNING) {
                            violations.add(tuner + " got " + t.status());
                            return null;
                        }
                        if (!held.add(t.id())) {
                            violations.add("trial " + t.id() + " handed to two workers");
                        }
                        handouts.incrementAndGet();
                        Thread.yield();
                        boolean crash = ThreadLocalRandom.current().nextDouble() < 0.3;
                        if (!crash) {
                            oracle.updateTrial(t.id(), Map.of("val_loss", (Double) t.hyperparameters().get("x")), 0);
                        }
                        t.setStatus(crash ? TrialStatus.INVALID : TrialStatus.COMPLETED);
                        held.remove(t.id());
                        oracle.endTrial(t);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(violations).isEmpty();
        List<Trial> trials = oracle.trials();
        assertThat(trials).hasSize(maxTrials);
        assertThat(trials).allSatisfy(t ->
                assertThat(t.status()).isIn(TrialStatus.COMPLETED, TrialStatus.FAILED));
        assertThat(trials.stream().mapToInt(Trial::runCount).sum()).isEqualTo(handouts.get());
        assertThat(trials.stream().map(t -> Values.canonical(t.hyperparameters().values())).distinct())
                .hasSize(maxTrials);
        assertThat(oracle.ongoingTrialIds()).isEmpty();
    }
}
