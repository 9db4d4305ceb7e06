package dev.tunebatch.lm.optimizer;

import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.module.Example;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Selection, determinism and JSON state of {@link RandomFewShot}. */
class RandomFewShotTest {

    private static RewardedExample example(int i, double reward) {
        return new RewardedExample("g", new Example(Json.object().put("q", "q" + i), Json.object().put("a", "a" + i)),
                reward);
    }

    private static List<RewardedExample> pool() {
        List<RewardedExample> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(example(i, i < 5 ? 1.0 : 0.0));
        }
        return out;
    }

    private static RandomFewShot bound(RandomFewShot.Builder b) {
        RandomFewShot o = b.build();
        o.bind(new LinkedHashSet<>(List.of("g")), 99);
        o.observe(pool());
        return o;
    }

    private static List<String> draw(Optimizer o, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(o.propose().orElseThrow().examples().toString() + o.minibatch(10));
        }
        return out;
    }

    @Test
    void theSameSeedDrawsTheSameCandidatesAndAnotherSeedOthers() {
        RandomFewShot.Builder b = RandomFewShot.builder().minExamples(1).maxExamples(3).seed(42);
        assertThat(draw(bound(b), 10)).isEqualTo(draw(bound(b), 10));
        assertThat(draw(bound(RandomFewShot.builder().seed(43)), 10))
                .isNotEqualTo(draw(bound(RandomFewShot.builder().seed(42)), 10));
    }

    @Test
    void candidatesHaveBetweenMinAndMaxDistinctExamplesMostlyHighlyRewarded() {
        RandomFewShot o = bound(RandomFewShot.builder().minExamples(2).maxExamples(4).samplingTemperature(0.1)
                .seed(1));
        int rewarded = 0;
        int total = 0;
        for (int i = 0; i < 200; i++) {
            List<Example> ex = o.propose().orElseThrow().examples().get("g");
            assertThat(ex.size()).isBetween(2, 4);
            Set<JsonNode> inputs = new LinkedHashSet<>();
            ex.forEach(e -> inputs.add(e.input()));
            assertThat(inputs).hasSameSizeAs(ex);
            for (Example e : ex) {
                total++;
                int n = Integer.parseInt(e.input().path("q").asString().substring(1));
                rewarded += n < 5 ? 1 : 0;
            }
        }
        assertThat((double) rewarded / total).as("exp(1/0.1) favours the 5 rewarded of 20").isGreaterThan(0.9);
    }

    @Test
    void minRewardExcludesPoorPredictions() {
        RandomFewShot o = bound(RandomFewShot.builder().minReward(1.0).maxExamples(10).seed(2));
        for (int i = 0; i < 50; i++) {
            o.propose().orElseThrow().examples().get("g").forEach(e ->
                    assertThat(Integer.parseInt(e.input().path("q").asString().substring(1))).isLessThan(5));
        }
    }

    @Test
    void thePopulationKeepsTheBestAndTheStateRoundTripsThroughJson() {
        RandomFewShot o = bound(RandomFewShot.builder().populationSize(2).seed(7));
        Candidate c1 = o.propose().orElseThrow();
        Candidate c2 = o.propose().orElseThrow();
        Candidate c3 = o.propose().orElseThrow();
        o.report(c1, 0.2);
        o.report(c2, 0.9);
        o.report(c3, 0.5);
        assertThat(o.best()).contains(c2);

        JsonNode state = o.saveState();
        RandomFewShot copy = (RandomFewShot) o.copy();
        copy.bind(new LinkedHashSet<>(List.of("g")), 0);
        copy.restoreState(Json.parse(Json.write(state), "state"));

        assertThat(copy.best()).contains(c2);
        assertThat(copy.saveState()).isEqualTo(state);
        assertThat(draw(copy, 5)).as("randomness resumes where it was").isEqualTo(draw(o, 5));
        assertThat(state.path("population").size()).isEqualTo(2);
    }

    @Test
    void anEmptyPoolProposesNothingAndBadSettingsAreNamed() {
        RandomFewShot o = RandomFewShot.builder().build();
        o.bind(new LinkedHashSet<>(List.of("g")), 0);
        assertThat(o.propose()).isEmpty();
        assertThatThrownBy(() -> RandomFewShot.builder().minExamples(3).maxExamples(2).build())
                .hasMessageContaining("minExamples").hasMessageContaining("3").hasMessageContaining("2");
        assertThatThrownBy(() -> RandomFewShot.builder().samplingTemperature(0).build())
                .hasMessageContaining("samplingTemperature");
    }
}
