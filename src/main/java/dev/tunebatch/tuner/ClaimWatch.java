package dev.tunebatch.tuner;

import dev.tunebatch.store.SearchBusyException;
import dev.tunebatch.store.TrialStore;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a run's claim on its search for as long as the run lasts. The claim is a database session's lock, so it can
 * vanish under a live run (PostgreSQL restarted, the session terminated); every {@code interval} the watch checks it
 * and takes it again. If another process took the search meanwhile, the run is asked to stop (its trials stop at
 * their next epoch boundary), so two processes share a search for at most an interval and the epochs in progress.
 */
public final class ClaimWatch implements AutoCloseable {

    /** How often the claim is checked. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final System.Logger log = System.getLogger(ClaimWatch.class.getName());

    private final TrialStore store;
    private final String owner;
    private final ScheduledExecutorService timer;
    private volatile TrialStore.Ownership claim;
    private volatile Runnable onLoss = () -> { };
    private volatile boolean lost;

    private ClaimWatch(TrialStore store, TrialStore.Ownership claim, String owner) {
        this.store = store;
        this.claim = claim;
        this.owner = owner;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("tunebatch-claim-watch")
                .factory());
        timer.scheduleWithFixedDelay(this::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Claims the search of {@code store} for {@code owner} and watches the claim until {@link #close()}.
     *
     * @throws SearchBusyException when another live process holds the search
     */
    public static ClaimWatch claim(TrialStore store, String owner) {
        return new ClaimWatch(store, store.claim(owner), owner);
    }

    /** What to do when another process has taken the search over (typically: stop the run). */
    public void onLoss(Runnable action) {
        this.onLoss = action;
        if (lost) {
            action.run();
        }
    }

    /** Whether another process took the search over while this run held it. */
    public boolean lost() {
        return lost;
    }

    private void check() {
        if (lost || claim.held()) {
            return;
        }
        TrialStore.Ownership gone = claim;
        try {
            claim = store.claim(owner);
            gone.close();
            log.log(System.Logger.Level.WARNING, "The claim on {0} was lost with its database session and is held "
                    + "again; the run goes on.", store.location());
        } catch (SearchBusyException e) {
            lost = true;
            gone.close();
            log.log(System.Logger.Level.ERROR, "Another process took over {0} after this run lost its database "
                    + "session; stopping this run.", store.location());
            onLoss.run();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "The claim on {0} was lost and cannot be taken again yet ({1}); "
                    + "retrying.", store.location(), e.getMessage());
        }
    }

    /** Stops watching and releases the claim. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        claim.close();
    }
}
