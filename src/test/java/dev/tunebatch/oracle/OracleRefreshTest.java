package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameters;
import dev.tunebatch.oracle.OracleFixtures.Stored;
import dev.tunebatch.oracle.random.RandomSearchOracle;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.tunebatch.oracle.OracleFixtures.VAL_LOSS;
import static dev.tunebatch.oracle.OracleFixtures.complete;
import static dev.tunebatch.oracle.OracleFixtures.config;
import static dev.tunebatch.oracle.OracleFixtures.end;
import static dev.tunebatch.oracle.OracleFixtures.random;
import static dev.tunebatch.oracle.OracleFixtures.store;
import static dev.tunebatch.oracle.OracleFixtures.viaJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Oracle#refresh}: a reader brought up to date with only the trials a writer saved since its copy ends up where
 * a restore of everything would.
 */
class OracleRefreshTest {

    private static final Consumer<HyperParameters> SPACE = hp -> {
        hp.floatParam("x", 0, 1);
        hp.choice("batch", List.of(16L, 32L, 64L));
    };

    private static RandomSearchOracle reader() {
        return new RandomSearchOracle(config(VAL_LOSS, 20, 999, 1));
    }

    @Test
    void refreshingWithTheChangedTrialsEqualsRestoringEverything() {
        RandomSearchOracle writer = random(config(VAL_LOSS, 20, 7, 1), SPACE);
        complete(writer, writer.createTrial("a"), "val_loss", 0.5);
        Trial running = writer.createTrial("b");
        Trial toFail = writer.createTrial("c");
        Stored before = store(writer);
        RandomSearchOracle refreshed = reader();
        refreshed.restore(before.state(), before.trials(), false);

        // the writer goes on: a running trial completes, two fail in a row, new trials are created, one completes and
        // the last one is INVALID (retried next)
        complete(writer, running, "val_loss", 0.125);
        end(writer, toFail, TrialStatus.FAILED, "boom");
        end(writer, writer.createTrial("d"), TrialStatus.FAILED, "boom again");
        complete(writer, writer.createTrial("f"), "val_loss", 0.25);
        Trial invalid = writer.createTrial("e");
        end(writer, invalid, TrialStatus.INVALID, "flaky");
        Stored after = store(writer);
        List<Map<String, Object>> changed = after.trials().stream()
                .filter(t -> !before.trials().contains(t)).toList();
        assertThat(changed).hasSizeLessThan(after.trials().size());

        assertThat(refreshed.refresh(after.state(), changed)).isTrue();
        RandomSearchOracle restored = reader();
        restored.restore(after.state(), after.trials(), false);

        assertThat(refreshed.trials()).extracting(Trial::toConfig)
                .isEqualTo(restored.trials().stream().map(Trial::toConfig).toList());
        assertThat(viaJson(refreshed.state())).isEqualTo(viaJson(restored.state())).isEqualTo(after.state());
        assertThat(refreshed.getBestTrials(2)).extracting(Trial::id)
                .isEqualTo(restored.getBestTrials(2).stream().map(Trial::id).toList());
        // the INVALID trial is retried first, then both propose the same new trial from the same random stream
        Trial retry = refreshed.createTrial("z");
        assertThat(retry.id()).isEqualTo(restored.createTrial("z").id()).isEqualTo(invalid.id());
        complete(refreshed, retry, "val_loss", 0.75);
        complete(restored, restored.getTrial(retry.id()), "val_loss", 0.75);
        assertThat(refreshed.createTrial("y").hyperparameters().values())
                .isEqualTo(restored.createTrial("y").hyperparameters().values());
    }

    @Test
    void consecutiveFailuresAreCountedOverTheWholeSearch() {
        RandomSearchOracle writer = random(config(VAL_LOSS, 20, 7, 0), SPACE);
        end(writer, writer.createTrial("a"), TrialStatus.FAILED, "one");
        Stored before = store(writer);
        RandomSearchOracle refreshed = reader();
        refreshed.restore(before.state(), before.trials(), false);
        end(writer, writer.createTrial("a"), TrialStatus.FAILED, "two");
        end(writer, writer.createTrial("a"), TrialStatus.FAILED, "three");
        Stored after = store(writer);

        refreshed.refresh(after.state(), after.trials().subList(1, 3));

        // three in a row, one of them only in the reader's earlier copy
        assertThatThrownBy(refreshed::checkConsecutiveFailures).isInstanceOf(ConsecutiveFailuresException.class)
                .hasMessageContaining("three");
    }

    @Test
    void aSpaceThatGrewIsNotRefreshedButLeftForACompleteRestore() {
        RandomSearchOracle writer = random(config(VAL_LOSS, 20, 7, 1), SPACE);
        complete(writer, writer.createTrial("a"), "val_loss", 0.5);
        Stored before = store(writer);
        RandomSearchOracle refreshed = reader();
        refreshed.restore(before.state(), before.trials(), false);
        HyperParameters more = new HyperParameters();
        more.intParam("layers", 1, 4);
        writer.updateSpace(more);
        complete(writer, writer.createTrial("a"), "val_loss", 0.25);
        Stored after = store(writer);

        assertThat(refreshed.refresh(after.state(), after.trials().subList(1, 2))).isFalse();

        assertThat(viaJson(refreshed.state())).isEqualTo(before.state());
        assertThat(refreshed.trials()).hasSize(1);
        assertThat(refreshed.getSpace().space()).hasSize(2);
    }
}
