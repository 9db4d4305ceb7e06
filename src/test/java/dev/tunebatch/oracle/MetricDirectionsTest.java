package dev.tunebatch.oracle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Synalinks registry in front of keras-tuner's stub-mode table. */
class MetricDirectionsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "reward", "val_reward", "accuracy", "val_accuracy", "binary_accuracy", "categorical_accuracy",
            "precision", "val_binary_precision", "categorical_precision", "recall", "binary_recall",
            "val_categorical_recall", "fbeta_score", "f1_score", "val_f1_score", "binary_fbeta_score",
            "binary_f1_score", "categorical_fbeta_score", "categorical_f1_score", "pass_at_k", "val_pass_at_k",
            "pass_hat_k", "acc", "val_acc", "weighted_acc", "val_weighted_acc"})
    void maximised(String name) {
        assertThat(MetricDirections.infer(name)).contains(MetricDirection.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "gap_k", "val_gap_k", "program_calls", "program_elapsed_time", "program_calls_per_second",
            "program_cost", "val_program_cost", "program_avg_cost_per_invocation", "loss", "val_loss",
            "weighted_loss", "val_weighted_loss", "crossentropy", "val_crossentropy", "ce", "val_ce",
            "weighted_ce"})
    void minimised(String name) {
        assertThat(MetricDirections.infer(name)).contains(MetricDirection.MIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "val_totally_made_up", "val_total_tokens", "total_tokens", "input_tokens", "cost", "avg_latency",
            "reward_total_tokens", "optimizer_cost", "embedding_tokens", "mean", "sum", "my_metric", "score",
            "mse", "binary_crossentropy", "Accuracy", "val_val_loss", "val_val_reward", "weighted_reward",
            "weighted_accuracy", "weighted_f1_score", "val_", "weighted_", ""})
    void unknown(String name) {
        assertThat(MetricDirections.infer(name)).isEmpty();
    }

    @Test
    void nullIsUnknown() {
        assertThat(MetricDirections.infer(null)).isEmpty();
    }

    @Test
    void directionParsingAndComparison() {
        assertThat(MetricDirection.fromConfig("MAX")).isEqualTo(MetricDirection.MAX);
        assertThat(MetricDirection.fromConfig("min")).isEqualTo(MetricDirection.MIN);
        assertThat(MetricDirection.MAX.configName()).isEqualTo("max");
        assertThatThrownBy(() -> MetricDirection.fromConfig("up"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("`direction` should be one of {\"min\", \"max\"}, but got: up");
        assertThat(MetricDirection.MAX.better(2, 1)).isTrue();
        assertThat(MetricDirection.MAX.better(1, 1)).isFalse();
        assertThat(MetricDirection.MIN.better(1, 2)).isTrue();
        assertThat(MetricDirection.MIN.better(2, 2)).isFalse();
    }
}
