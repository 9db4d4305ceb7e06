package dev.tunebatch.oracle;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.tunebatch.oracle.OracleFixtures.viaJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** MetricHistory and MetricsTracker. */
class MetricsTrackerTest {

    @Test
    void repeatedStepsAreAveragedAndTheFirstBestStepWins() {
        MetricHistory acc = new MetricHistory(MetricDirection.MAX);
        acc.update(0.5, 0);
        acc.update(0.9, 1);
        acc.update(0.7, 2);
        acc.update(0.5, 1);
        assertThat(acc.bestValue()).hasValue(0.7);
        assertThat(acc.bestStep()).isEqualTo(1);
        assertThat(acc.history()).containsExactly(entry(0, 0.5), entry(1, 0.7), entry(2, 0.7));
        assertThat(acc.lastValue()).hasValue(0.7);
    }

    @Test
    void minimisedHistory() {
        MetricHistory loss = new MetricHistory(MetricDirection.MIN);
        loss.update(3, 0);
        loss.update(1, 1);
        loss.update(2, 2);
        assertThat(loss.bestValue()).hasValue(1.0);
        assertThat(loss.bestStep()).isEqualTo(1);
        assertThat(loss.lastValue()).hasValue(2.0);
    }

    @Test
    void historyIsSortedByStepWhileBestStepFollowsInsertionOrder() {
        MetricHistory h = new MetricHistory(MetricDirection.MAX);
        h.update(0.5, 2);
        h.update(0.1, 1);
        h.update(0.5, 0);
        assertThat(h.history().keySet()).containsExactly(0, 1, 2);
        assertThat(h.bestStep()).isEqualTo(2);
        assertThat(h.lastValue()).hasValue(0.5);
    }

    @Test
    void nanIsNeverBest() {
        MetricHistory h = new MetricHistory(MetricDirection.MIN);
        assertThat(h.update(Double.NaN, 0)).isFalse();
        assertThat(h.bestValue()).isEmpty();
        assertThat(h.bestStep()).isEqualTo(-1);
        assertThat(h.update(0.4, 1)).isTrue();
        assertThat(h.update(0.1, 2)).isTrue();
        assertThat(h.update(Double.NaN, 2)).isTrue();
        // step 2 now averages to NaN, so 0.4 is the best again
        assertThat(h.bestValue()).hasValue(0.4);
        assertThat(h.bestStep()).isEqualTo(1);
        assertThat(h.lastValue().getAsDouble()).isNaN();
    }

    @Test
    void updateReportsWhetherTheBestChanged() {
        MetricHistory h = new MetricHistory(MetricDirection.MAX);
        assertThat(h.update(0.5, 0)).isTrue();
        assertThat(h.update(0.4, 1)).isFalse();
        assertThat(h.update(0.6, 2)).isTrue();
        assertThat(h.update(0.6, 3)).isFalse();
    }

    @Test
    void emptyHistory() {
        MetricHistory h = new MetricHistory(MetricDirection.MAX);
        assertThat(h.bestValue()).isEmpty();
        assertThat(h.lastValue()).isEmpty();
        assertThat(h.history()).isEmpty();
    }

    @Test
    void trackerRegistersOnFirstUpdate() {
        MetricsTracker t = new MetricsTracker();
        assertThat(t.exists("acc")).isFalse();
        assertThat(t.bestValue("acc")).isNull();
        assertThat(t.lastValue("acc")).isNull();
        assertThat(t.bestStep("acc")).isEqualTo(-1);
        t.update("acc", 0.5, 0, MetricDirection.MAX);
        t.update("acc", 0.7, 1, MetricDirection.MIN);
        assertThat(t.exists("acc")).isTrue();
        assertThat(t.metrics().get("acc").direction()).isEqualTo(MetricDirection.MAX);
        assertThat(t.bestValue("acc")).isEqualTo(0.7);
        assertThat(t.bestStep("acc")).isEqualTo(1);
        assertThat(t.lastValue("acc")).isEqualTo(0.7);
    }

    @Test
    void configRoundTripsThroughJson() {
        MetricsTracker t = new MetricsTracker();
        t.update("val_loss", 1.0, 0, MetricDirection.MIN);
        t.update("val_loss", 0.25, 1, MetricDirection.MIN);
        t.update("val_loss", 0.75, 1, MetricDirection.MIN);
        t.update("val_acc", 0.5, 0, MetricDirection.MAX);
        Map<String, Object> config = t.toConfig();
        assertThat(config).containsOnlyKeys("metrics");
        @SuppressWarnings("unchecked")
        Map<String, Object> loss = (Map<String, Object>) ((Map<String, Object>) config.get("metrics")).get("val_loss");
        assertThat(loss).containsEntry("direction", "min");
        assertThat(loss.get("observations")).isEqualTo(java.util.List.of(
                Map.of("value", java.util.List.of(1.0), "step", 0),
                Map.of("value", java.util.List.of(0.25, 0.75), "step", 1)));

        MetricsTracker back = MetricsTracker.fromConfig(viaJson(config));
        assertThat(back.toConfig()).isEqualTo(config);
        assertThat(back.bestValue("val_loss")).isEqualTo(0.5);
        assertThat(back.bestStep("val_loss")).isEqualTo(1);
        assertThat(back.metrics().get("val_acc").direction()).isEqualTo(MetricDirection.MAX);
        assertThat(back.metrics().keySet()).containsExactly("val_loss", "val_acc");
    }
}
