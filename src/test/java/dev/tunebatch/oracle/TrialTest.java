package dev.tunebatch.oracle;

import dev.tunebatch.hp.HyperParameters;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.tunebatch.oracle.OracleFixtures.viaJson;
import static org.assertj.core.api.Assertions.assertThat;

/** Trial: plain-data form, snapshots, summary text. */
class TrialTest {

    private static HyperParameters space() {
        HyperParameters hps = new HyperParameters();
        hps.choice("optimizer", List.of("sgd", "adam"));
        hps.intParam("layers", 1, 3);
        hps.floatParam("lr", 1e-4, 1e-2);
        hps.booleanParam("bn");
        return hps;
    }

    private static Trial sample() {
        HyperParameters hps = space();
        hps.putValue("optimizer", "adam");
        hps.putValue("layers", 3);
        hps.putValue("lr", 0.0009364795422756949);
        hps.putValue("bn", true);
        Trial t = new Trial("0", hps, TrialStatus.RUNNING);
        t.metrics().update("val_loss", 0.2, 0, MetricDirection.MIN);
        t.metrics().update("val_loss", 0.08040617360821899, 1, MetricDirection.MIN);
        t.setStatus(TrialStatus.COMPLETED);
        t.setScore(0.08040617360821899);
        t.setBestStep(1);
        return t;
    }

    @Test
    void summaryPrintsValuesAsPythonWould() {
        assertThat(sample().summary()).isEqualTo("""
                Trial 0 summary
                Hyperparameters:
                optimizer: adam
                layers: 3
                lr: 0.0009364795422756949
                bn: True
                Score: 0.08040617360821899
                """);
        Trial empty = new Trial("00", new HyperParameters(), TrialStatus.FAILED);
        empty.setMessage("Traceback: boom");
        assertThat(empty.summary()).isEqualTo("""
                Trial 00 summary
                Hyperparameters:
                default configuration
                Traceback: boom
                """);
        HyperParameters small = new HyperParameters();
        small.floatParam("wd", 0, 1);
        small.putValue("wd", 1e-05);
        Trial t = new Trial("1", small, TrialStatus.COMPLETED);
        t.setScore(100.0);
        assertThat(t.summary()).contains("wd: 1e-05\n").contains("Score: 100.0\n");
    }

    @Test
    void configRoundTripsThroughJson() {
        Trial t = sample();
        t.setMessage("note");
        Map<String, Object> config = t.toConfig();
        assertThat(config).containsKeys("trial_id", "hyperparameters", "metrics", "score", "best_step", "status",
                "message");
        assertThat(config).containsEntry("status", "COMPLETED").containsEntry("best_step", 1)
                .containsEntry("score", 0.08040617360821899);
        Trial back = Trial.fromConfig(viaJson(config), space());
        assertThat(back.toConfig()).isEqualTo(config);
        assertThat(back.hyperparameters().get("layers")).isInstanceOf(Integer.class).isEqualTo(3);
        assertThat(back.hyperparameters().get("bn")).isEqualTo(true);
        assertThat(back.metrics().bestValue("val_loss")).isEqualTo(0.08040617360821899);
        assertThat(back.hyperparameters().space()).hasSize(4);
    }

    @Test
    void copiesAreDeep() {
        Trial t = sample();
        Trial copy = t.copy();
        copy.hyperparameters().putValue("layers", 1);
        copy.metrics().update("val_loss", 0.0, 5, MetricDirection.MIN);
        copy.setStatus(TrialStatus.FAILED);
        assertThat(t.hyperparameters().get("layers")).isEqualTo(3);
        assertThat(t.metrics().bestValue("val_loss")).isEqualTo(0.08040617360821899);
        assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(copy.toString()).contains("FAILED");
    }
}
