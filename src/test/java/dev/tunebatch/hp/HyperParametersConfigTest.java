package dev.tunebatch.hp;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** toConfig/fromConfig, directly and through JSON (Jackson 3), and keras-tuner's stored forms. */
class HyperParametersConfigTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> viaJson(Map<String, Object> config) {
        String text = JSON.writeValueAsString(config);
        return JSON.readValue(text, Map.class);
    }

    /** A space with every type, name scopes and a conditional child, and values of every Java type. */
    private static HyperParameters richSpace() {
        HyperParameters hps = new HyperParameters();
        hps.intParam("a", 1, 10, IntOptions.defaults().sampling(Sampling.REVERSE_LOG).defaultValue(3));
        hps.floatParam("b", 2, 8, FloatOptions.defaults().defaultValue(4));
        hps.choice("c", List.of(1, 5, 10), false, 5);
        hps.fixed("d", "3");
        hps.nameScope("d", () -> {
            hps.choice("e", List.of(2.0, 4.5, 8.5), null, 2.0);
            hps.choice("f", List.of("1", "2"), null, "1");
            hps.conditionalScope("f", List.of("1"), () ->
                    hps.intParam("g", -10, 10, IntOptions.defaults().step(2).defaultValue(-2)));
        });
        hps.choice("big", List.of(1L, 2L, 3_000_000_000L), null, 2L);
        hps.fixed("seedish", 7L);
        hps.choice("ratio", List.of(1.0, 2.0));
        hps.floatParam("lr", 1e-4, 1e-1, FloatOptions.defaults().sampling(Sampling.LOG).defaultValue(1.0e-2));
        hps.booleanParam("flag", true);
        hps.floatParam("stepped", 0, 1, FloatOptions.defaults().step(0.25));
        return hps;
    }

    @Test
    void configHasKerasTunerShape() {
        Map<String, Object> config = richSpace().toConfig();
        assertThat(config).containsOnlyKeys("space", "values");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> space = (List<Map<String, Object>>) config.get("space");
        assertThat(space).extracting(e -> e.get("class_name"))
                .containsExactly("Int", "Float", "Choice", "Fixed", "Choice", "Choice", "Int", "Choice", "Fixed",
                        "Choice", "Float", "Boolean", "Float");
        @SuppressWarnings("unchecked")
        Map<String, Object> g = (Map<String, Object>) space.get(6).get("config");
        assertThat(g).containsEntry("name", "d/g")
                .containsEntry("conditions", List.of(Map.of("name", "d/f", "values", List.of("1"))))
                .containsEntry("step", 2).containsEntry("default", -2);
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) space.get(2).get("config");
        assertThat(c).containsOnlyKeys("name", "conditions", "default", "values", "ordered")
                .containsEntry("ordered", false).containsEntry("values", List.of(1, 5, 10));
    }

    @Test
    void roundTripsDirectly() {
        HyperParameters hps = richSpace();
        HyperParameters back = HyperParameters.fromConfig(hps.toConfig());
        assertThat(back.space()).isEqualTo(hps.space());
        assertThat(back.values()).isEqualTo(hps.values());
        assertThat(back.toConfig()).isEqualTo(hps.toConfig());
    }

    @Test
    void roundTripsThroughJsonWithTypesIntact() {
        HyperParameters hps = richSpace();
        hps.putValue("big", 3_000_000_000L);
        hps.putValue("ratio", 1.0);
        hps.putValue("b", 5.0);
        HyperParameters back = HyperParameters.fromConfig(viaJson(hps.toConfig()));

        assertThat(back.space()).isEqualTo(hps.space());
        assertThat(back.values()).isEqualTo(hps.values());
        assertThat(back.values().keySet()).containsExactlyElementsOf(hps.values().keySet());
        hps.values().forEach((k, v) ->
                assertThat(back.values().get(k)).as(k).isInstanceOf(v.getClass()).isEqualTo(v));
        assertThat(back.get("big")).isInstanceOf(Long.class).isEqualTo(3_000_000_000L);
        assertThat(back.get("seedish")).isInstanceOf(Long.class).isEqualTo(7L);
        assertThat(back.get("ratio")).isInstanceOf(Double.class).isEqualTo(1.0);
        assertThat(back.get("b")).isInstanceOf(Double.class).isEqualTo(5.0);
        assertThat(back.get("a")).isInstanceOf(Integer.class).isEqualTo(3);
        assertThat(back.get("flag")).isEqualTo(true);
        assertThat(back.get("d/g")).isEqualTo(-2);
        ChoiceParam big = (ChoiceParam) back.space().get(7);
        assertThat(big.values()).containsExactly(1L, 2L, 3_000_000_000L);
        assertThat(big.defaultValue()).isInstanceOf(Long.class);
        // a hypermodel re-declaring on the restored space gets its own types back
        Long bigValue = back.choice("big", List.of(1L, 2L, 3_000_000_000L), null, 2L);
        assertThat(bigValue).isEqualTo(3_000_000_000L);
    }

    @Test
    void smallLongChoicesSurviveJson() {
        HyperParameters hps = new HyperParameters();
        hps.choice("batch", List.of(16L, 32L), null, 32L);
        Map<String, Object> json = viaJson(hps.toConfig());
        HyperParameters back = HyperParameters.fromConfig(json);
        assertThat(back.get("batch")).isInstanceOf(Long.class).isEqualTo(32L);
        assertThat(((ChoiceParam) back.space().get(0)).values()).containsExactly(16L, 32L);
        // Integer choices carry no hint and stay Integers
        HyperParameters ints = new HyperParameters();
        ints.choice("n", List.of(1, 2));
        Map<String, Object> intJson = viaJson(ints.toConfig());
        @SuppressWarnings("unchecked")
        Map<String, Object> cfg = (Map<String, Object>) ((List<Map<String, Object>>) intJson.get("space")).get(0)
                .get("config");
        assertThat(cfg).doesNotContainKey("value_type");
        assertThat(HyperParameters.fromConfig(intJson).get("n")).isInstanceOf(Integer.class);
    }

    @Test
    void copyGoesThroughConfigFaithfully() {
        HyperParameters hps = richSpace();
        HyperParameters copy = hps.copy();
        assertThat(copy.toConfig()).isEqualTo(hps.toConfig());
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsKerasTunerWrittenConfigs() {
        String keras3 = """
                {"space": [
                  {"class_name": "Choice", "config": {"name": "model", "default": "mlp", "conditions": [],
                    "values": ["mlp", "cnn"], "ordered": false}},
                  {"class_name": "Int", "config": {"name": "units", "default": null, "conditions": [
                    {"module": "keras_tuner.engine.conditions", "class_name": "Parent",
                     "config": {"name": "model", "values": ["mlp"]}, "registered_name": "Parent"}],
                    "min_value": 1, "max_value": 3, "step": 1, "sampling": "linear"}},
                  {"class_name": "Float", "config": {"name": "dropout", "default": 0.25, "conditions": [
                    {"class_name": "Parent", "config": {"name": "model", "values": ["cnn"]}}],
                    "min_value": 0.0, "max_value": 0.5, "step": 3, "sampling": "LINEAR"}},
                  {"class_name": "Fixed", "config": {"name": "opt", "conditions": [], "value": "adam"}},
                  {"class_name": "Boolean", "config": {"name": "bn", "default": true, "conditions": []}}],
                 "values": {"model": "mlp", "units": 2, "opt": "adam", "bn": true}}
                """;
        HyperParameters hps = HyperParameters.fromConfig(JSON.readValue(keras3, Map.class));
        assertThat(hps.values()).containsExactly(entry("model", "mlp"), entry("units", 2), entry("opt", "adam"),
                entry("bn", true));
        IntParam units = (IntParam) hps.space().get(1);
        assertThat(units.defaultValue()).isEqualTo(1);
        assertThat(units.conditions()).containsExactly(new Condition("model", List.of("mlp")));
        FloatParam dropout = (FloatParam) hps.space().get(2);
        assertThat(dropout.step()).isEqualTo(3.0);
        assertThat(dropout.sampling()).isEqualTo(Sampling.LINEAR);
        assertThat(dropout.conditions()).containsExactly(new Condition("model", List.of("cnn")));
        assertThat(hps.isActive(dropout)).isFalse();
        assertThatThrownBy(() -> hps.get("dropout")).hasMessage("dropout is currently inactive.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rejectsUnknownClassesAndNonIntegralIntBounds() {
        Map<String, Object> unknown = JSON.readValue("""
                {"space": [{"class_name": "Range", "config": {"name": "r", "conditions": []}}], "values": {}}
                """, Map.class);
        assertThatThrownBy(() -> HyperParameters.fromConfig(unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Range");
        Map<String, Object> badInt = JSON.readValue("""
                {"space": [{"class_name": "Int", "config": {"name": "n", "conditions": [], "default": null,
                  "min_value": 0.5, "max_value": 4, "step": 1, "sampling": "linear"}}], "values": {}}
                """, Map.class);
        assertThatThrownBy(() -> HyperParameters.fromConfig(badInt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'n'").hasMessageContaining("must be an int");
    }

    @Test
    void undeclaredValuesSurvive() {
        HyperParameters hps = new HyperParameters();
        hps.intParam("units", 1, 4);
        hps.putValue("tuner/epochs", 3);
        hps.putValue("tuner/trial_id", "0007");
        HyperParameters back = HyperParameters.fromConfig(viaJson(hps.toConfig()));
        assertThat(back.values()).containsExactly(entry("units", 1), entry("tuner/epochs", 3),
                entry("tuner/trial_id", "0007"));
        assertThat(back.get("tuner/epochs")).isEqualTo(3);
    }
}
