package dev.tunebatch.lm.metric;

import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.reward.ExactMatch;
import dev.tunebatch.lm.usage.CallRecord;
import dev.tunebatch.lm.usage.Phase;
import dev.tunebatch.lm.usage.UsageTracker;
import dev.tunebatch.oracle.MetricDirection;
import dev.tunebatch.oracle.MetricDirections;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Values, names and directions of the metrics. */
class MetricsTest {

    private static JsonNode label(String l) {
        return l == null ? Json.object().putNull("label") : Json.object().put("label", l);
    }

    private static List<Metric> every() {
        return List.of(new Accuracy(), new Precision("label"), new Recall("label"), new F1Score("label"),
                new FBetaScore("label", 2), new ProgramCalls(), new ProgramCost(), new ProgramElapsedTime(),
                new InputTokens(), new OutputTokens(), new TotalTokens(), new Cost(), new FailedCalls(),
                new FailedAttempts(), new LmCalls(), new AvgLatency(), new CacheHitRate(),
                new TotalTokens(Phase.REWARD), new Cost(Phase.OPTIMIZER), new AvgLatency(Phase.REWARD),
                MeanMetricWrapper.of(new ExactMatch()),
                MeanMetricWrapper.of("mean", (t, p) -> 1), new SumMetricWrapper("sum", (t, p) -> 1));
    }

    @Test
    void directionsMatchTheRegistryAndObjectiveInference() {
        for (Metric m : every()) {
            if (m.name().equals("exact_match")) {
                assertThat(m.direction()).as("a wrapped reward is maximised").isEqualTo(Metric.Direction.UP);
                assertThatThrownBy(() -> Objective.of("val_exact_match"))
                        .as("as in Synalinks, an instance-level direction is not in the registry")
                        .hasMessageContaining("Could not infer optimization direction");
                continue;
            }
            assertThat(MetricRegistry.direction(m.name())).as(m.name()).contains(m.direction());
            switch (m.direction()) {
                case UP -> assertThat(Objective.of("val_" + m.name()).direction()).as(m.name())
                        .isEqualTo(Direction.MAX);
                case DOWN -> assertThat(Objective.of("val_" + m.name()).direction()).as(m.name())
                        .isEqualTo(Direction.MIN);
                case NONE -> assertThatThrownBy(() -> Objective.of("val_" + m.name())).as(m.name())
                        .hasMessageContaining("Could not infer optimization direction");
            }
        }
        assertThat(MetricRegistry.direction("val_reward")).contains(Metric.Direction.UP);
        assertThat(MetricDirections.infer("program_cost")).contains(MetricDirection.MIN);
    }

    @Test
    void synalinksNamesAreKept() {
        assertThat(every()).extracting(Metric::name).contains("accuracy", "f1_score", "program_cost",
                "total_tokens", "reward_total_tokens", "optimizer_cost", "avg_reward_latency", "failed_calls",
                "failed_attempts", "exact_match");
    }

    @Test
    void classificationMetricsAreMacroAveragedAndNullPredictionsAreMisses() {
        Metric p = new Precision("label");
        Metric r = new Recall("label");
        Metric f = new F1Score("label");
        Metric a = new Accuracy("label");
        String[][] pairs = {{"a", "a"}, {"a", "b"}, {"b", "b"}, {"b", null}};
        for (String[] pair : pairs) {
            for (Metric m : List.of(p, r, f, a)) {
                m.update(label(pair[0]), pair[1] == null ? null : label(pair[1]));
            }
        }
        assertThat(p.result()).isCloseTo((1.0 + 0.5) / 2, within(1e-12));
        assertThat(r.result()).isCloseTo((0.5 + 0.5) / 2, within(1e-12));
        assertThat(f.result()).isCloseTo((2 * 0.5 / 1.5 + 0.5) / 2, within(1e-12));
        assertThat(a.result()).isEqualTo(0.5);
        a.reset();
        assertThat(a.result()).isZero();
    }

    @Test
    void operationalMetricsReportWhatHappenedSinceTheirReset() {
        UsageTracker t = new UsageTracker();
        TotalTokens tokens = new TotalTokens();
        Cost rewardCost = new Cost(Phase.REWARD);
        ProgramCost programCost = new ProgramCost();
        CacheHitRate hits = new CacheHitRate();
        for (Metric m : List.of(tokens, rewardCost, programCost, hits)) {
            m.bind(t);
        }
        t.record(Phase.INFERENCE, new CallRecord(10, 5, 0.1, 1, false, false, 0));
        for (Metric m : List.of(tokens, rewardCost, programCost, hits)) {
            m.reset();
        }
        t.record(Phase.INFERENCE, new CallRecord(7, 3, 0.2, 1, false, false, 0));
        t.record(Phase.INFERENCE, new CallRecord(7, 3, 0.0, 1, false, true, 0));
        t.record(Phase.REWARD, new CallRecord(1, 1, 0.05, 1, false, false, 0));

        assertThat(tokens.result()).isEqualTo(20);
        assertThat(rewardCost.result()).isCloseTo(0.05, within(1e-12));
        assertThat(programCost.result()).isCloseTo(0.25, within(1e-12));
        assertThat(hits.result()).isEqualTo(0.5);
        assertThat(new TotalTokens().result()).as("unbound").isZero();
        Metric copy = tokens.copy();
        assertThat(copy.name()).isEqualTo("total_tokens");
        assertThat(copy.result()).as("a copy is unbound").isZero();
    }

    @Test
    void wrappersAverageOrSum() {
        MeanMetricWrapper mean = MeanMetricWrapper.of("answer_value",
                (t, p) -> p == null ? 0 : p.path("v").asDouble());
        SumMetricWrapper sum = new SumMetricWrapper("n", (t, p) -> 1);
        for (double v : new double[] {1, 2, 6}) {
            mean.update(null, Json.object().put("v", v));
            sum.update(null, null);
        }
        assertThat(mean.result()).isEqualTo(3.0);
        assertThat(sum.result()).isEqualTo(3.0);
        assertThat(mean.direction()).isEqualTo(Metric.Direction.NONE);
        assertThat(MeanMetricWrapper.of(new ExactMatch()).direction()).isEqualTo(Metric.Direction.UP);
        assertThat(Map.of("k", mean.copy().result())).containsEntry("k", 0.0);
    }
}
