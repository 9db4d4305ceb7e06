package dev.tunebatch.testing;

import dev.tunebatch.app.demo.SyntheticDataset;
import dev.tunebatch.oracle.OracleChanges;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.Callback;
import dev.tunebatch.store.ProgramCheckpoint;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;
import dev.tunebatch.store.file.FileTrialStore;
import dev.tunebatch.tuner.RandomSearch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@link KillTestSearch}'s search run by the tuner alone (no engine, a file store) in a child JVM by the kill tests
 * ({@link #child}). Arguments: directory, project, kill point, log file. Kill points: {@code none};
 * {@code before-first} (after construction); {@code begin:T:E} (when trial number T, 1-based, begins epoch E);
 * {@code end:T:E} (when epoch E of trial T has ended but is not yet checkpointed); {@code report:T} (when trial T's
 * completion is about to be stored). At a kill point it writes {@code READY} to the log and waits to be killed. An
 * optional fifth argument {@code asha} runs the search with successive halving, with two more kill points:
 * {@code epoch-end:N} (the N-th epoch of the search has ended, before it is reported) and {@code epoch-saved:N} (the
 * N-th epoch report, with its pruning decision, is stored and its checkpoint is not).
 */
public final class ResumeChild {

    private ResumeChild() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        String project = args[1];
        String kill = args[2];
        Path log = Path.of(args[3]);
        boolean asha = args.length > 4 && args[4].equals("asha");
        AtomicInteger epochsEnded = new AtomicInteger();
        SyntheticDataset data = KillTestSearch.data();
        AtomicInteger trialNumber = new AtomicInteger();
        AtomicReference<String> currentTrial = new AtomicReference<>();
        RandomSearch.Builder builder = KillTestSearch.tuner(data, asha, (program, lr) -> program).verbose(false)
                .store(new KillableStore(new FileTrialStore(directory, project, false), kill, log, trialNumber,
                        currentTrial, new java.util.HashMap<>(), new AtomicInteger()));
        RandomSearch tuner = builder.build();
        if (kill.equals("before-first")) {
            waitForKill(log);
        }
        Callback tracer = new Callback() {
            @Override
            public void onEpochBegin(int epoch) {
                KillTestSearch.log(log, "epoch-begin " + currentTrial.get() + " " + epoch);
                if (kill.equals("begin:" + trialNumber.get() + ":" + epoch)) {
                    waitForKill(log);
                }
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                if (kill.equals("end:" + trialNumber.get() + ":" + epoch)
                        || kill.equals("epoch-end:" + epochsEnded.incrementAndGet())) {
                    waitForKill(log);
                }
            }
        };
        tuner.search(KillTestSearch.fitArgs(data).callbacks(tracer).build());
        KillTestSearch.log(log, "DONE");
    }

    /** A child JVM that runs the search in {@code directory}, killable at {@code kill}, logging to {@code log}. */
    public static ChildJvm child(Path directory, String project, String kill, Path log, String... mode) {
        return ChildJvm.of(ResumeChild.class).jvmOptions("-Xmx256m")
                .args(directory.toString(), project, kill, log.toString()).args(mode);
    }

    static void waitForKill(Path log) {
        KillTestSearch.log(log, "READY");
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(3);
    }

    /** Delegates to a real store, counting trials as they start and blocking where the kill point says. */
    private record KillableStore(TrialStore delegate, String kill, Path log, AtomicInteger trialNumber,
                                 AtomicReference<String> currentTrial,
                                 Map<String, Integer> epochsSeen, AtomicInteger epochReports)
            implements TrialStore {

        @Override
        public void save(OracleChanges changes) {
            boolean killAfterSave = false;
            for (Trial t : changes.trials()) {
                int epochs = t.progress().curve().size();
                if (epochs > epochsSeen.getOrDefault(t.id(), 0)) {
                    epochsSeen.put(t.id(), epochs);
                    killAfterSave |= kill.equals("epoch-saved:" + epochReports.incrementAndGet());
                }
                if (t.status() == TrialStatus.RUNNING) {
                    currentTrial.set(t.id());
                }
                if (t.status() == TrialStatus.RUNNING && t.metrics().metrics().isEmpty()
                        && t.progress().curve().isEmpty()) {
                    trialNumber.incrementAndGet();
                    currentTrial.set(t.id());
                    KillTestSearch.log(log, "trial-start " + t.id());
                }
                if (t.status() == TrialStatus.COMPLETED && kill.equals("report:" + trialNumber.get())) {
                    waitForKill(log);
                }
            }
            delegate.save(changes);
            if (killAfterSave) {
                waitForKill(log);
            }
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public Optional<StoredSearch> load() {
            return delegate.load();
        }

        @Override
        public long storedRevision() {
            return delegate.storedRevision();
        }

        @Override
        public void clear() {
            delegate.clear();
        }

        @Override
        public <T> T withLock(Supplier<T> action) {
            return delegate.withLock(action);
        }

        @Override
        public Ownership claim(String owner) {
            return delegate.claim(owner);
        }

        @Override
        public void saveCheckpoint(String trialId, ProgramCheckpoint checkpoint) {
            delegate.saveCheckpoint(trialId, checkpoint);
        }

        @Override
        public Optional<ProgramCheckpoint> loadCheckpoint(String trialId) {
            return delegate.loadCheckpoint(trialId);
        }
    }
}
