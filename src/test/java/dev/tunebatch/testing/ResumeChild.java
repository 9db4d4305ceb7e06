package dev.tunebatch.testing;

import dev.tunebatch.app.demo.LogisticRegressionProgram;
import dev.tunebatch.app.demo.SyntheticDataset;
import dev.tunebatch.hp.FloatOptions;
import dev.tunebatch.hp.Sampling;
import dev.tunebatch.oracle.OracleChanges;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.oracle.TrialStatus;
import dev.tunebatch.program.Callback;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.store.ProgramCheckpoint;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;
import dev.tunebatch.store.file.FileTrialStore;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A search run in a child JVM by the kill tests. Arguments: directory, project, kill point, log file. Kill points:
 * {@code none}; {@code before-first} (after construction); {@code begin:T:E} (when trial number T, 1-based, begins
 * epoch E); {@code end:T:E} (when epoch E of trial T has ended but is not yet checkpointed); {@code report:T} (when
 * trial T's completion is about to be stored). At a kill point it writes {@code READY} to the log and waits to be
 * killed. An optional fifth argument {@code asha} runs the search with {@code Pruner.successiveHalving(1, 2)} over
 * {@value #PRUNED_TRIALS} trials, with two more kill points: {@code epoch-end:N} (the N-th epoch of the search has
 * ended, before it is reported) and {@code epoch-saved:N} (the N-th epoch report, with its pruning decision, is stored
 * and its checkpoint is not).
 */
public final class ResumeChild {

    static final int MAX_TRIALS = 5;
    static final int EPOCHS = 4;
    static final int PRUNED_TRIALS = 8;

    private ResumeChild() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        String project = args[1];
        String kill = args[2];
        Path log = Path.of(args[3]);
        boolean asha = args.length > 4 && args[4].equals("asha");
        AtomicInteger epochsEnded = new AtomicInteger();
        SyntheticDataset data = SyntheticDataset.generate(300, 6, 3);
        AtomicInteger trialNumber = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> currentTrial = new java.util.concurrent.atomic.AtomicReference<>();
        RandomSearch.Builder builder = RandomSearch.builder()
                .hypermodel(hp -> {
                    double lr = hp.floatParam("learning_rate", 1e-3, 1.0, FloatOptions.defaults()
                            .sampling(Sampling.LOG));
                    double l2 = hp.choice("l2", List.of(0.0, 1e-3, 1e-2));
                    if (asha) {
                        double quality = 1 - Math.abs(Math.log10(lr) + 1.5) / 1.5 - 5 * l2;
                        return new CurveProgram(epoch -> Map.of("val_accuracy",
                                quality * (1 - Math.exp(-(epoch + 1) / 2.0))));
                    }
                    return new LogisticRegressionProgram(data.features(), lr, l2, 5);
                })
                .objective(Objective.of("val_accuracy", Direction.MAX))
                .maxTrials(asha ? PRUNED_TRIALS : MAX_TRIALS).seed(11).verbose(false)
                .store(new KillableStore(new FileTrialStore(directory, project, false), kill, log, trialNumber,
                        currentTrial, new java.util.HashMap<>(), new AtomicInteger()));
        if (asha) {
            builder.pruner(dev.tunebatch.tuner.Pruner.successiveHalving(1, 2));
        }
        RandomSearch tuner = builder.build();
        if (kill.equals("before-first")) {
            waitForKill(log);
        }
        Callback tracer = new Callback() {
            @Override
            public void onEpochBegin(int epoch) {
                append(log, "epoch-begin " + currentTrial.get() + " " + epoch);
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
        tuner.search(FitArgs.builder().x(data.trainX()).y(data.trainY())
                .validationData(data.validX(), data.validY()).epochs(EPOCHS).batchSize(16).callbacks(tracer).build());
        append(log, "DONE");
    }

    static void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitForKill(Path log) {
        append(log, "READY");
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(3);
    }

    /** Delegates to a real store, counting trials as they start and blocking where the kill point says. */
    private record KillableStore(TrialStore delegate, String kill, Path log, AtomicInteger trialNumber,
                                 java.util.concurrent.atomic.AtomicReference<String> currentTrial,
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
                    append(log, "trial-start " + t.id());
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
