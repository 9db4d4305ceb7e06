package dev.tunebatch.lm.data;

import dev.tunebatch.lm.module.Classification;
import dev.tunebatch.lm.testing.TestModels.AnswerWithRationale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schemas of records and validation of documents. */
class DataSchemaTest {

    @Test
    void aRecordsSchemaRequiresEveryFieldAndForbidsOthers() {
        DataSchema s = DataSchema.of(AnswerWithRationale.class);
        ObjectNode json = s.json();
        assertThat(json.path("type").asString()).isEqualTo("object");
        assertThat(s.propertyNames()).containsExactly("rationale", "answer");
        List<String> required = json.path("required").valueStream().map(JsonNode::asString).toList();
        assertThat(required).containsExactlyInAnyOrder("rationale", "answer");
        assertThat(json.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(s.title()).isEqualTo("AnswerWithRationale");
        assertThat(DataSchema.of(AnswerWithRationale.class)).isSameAs(s);
    }

    @Test
    void documentsAreValidated() {
        DataSchema s = DataSchema.of(AnswerWithRationale.class);
        assertThat(s.accepts(Json.object().put("rationale", "r").put("answer", "a"))).isTrue();
        assertThat(s.violations(Json.object().put("answer", "a"))).singleElement().asString().contains("rationale");
        assertThat(s.accepts(Json.object().put("rationale", "r").put("answer", "a").put("extra", 1))).isFalse();
        assertThat(s.accepts(Json.object().put("rationale", "r").put("answer", 3))).isFalse();
        assertThat(s.violations(null)).isNotEmpty();
    }

    @Test
    void nullableFieldsAcceptNullAndDescriptionsAreKept() {
        DataSchema s = DataSchema.of(Classification.class);
        assertThat(s.accepts(Json.object().putNull("label").put("confidence", 0.2))).isTrue();
        assertThat(s.accepts(Json.object().put("label", "x").putNull("confidence"))).isFalse();
        assertThat(s.json().path("properties").path("label").path("description").asString()).contains("abstain");
    }

    @Test
    void recordsAndMapsBecomeJsonAndBack() {
        ObjectNode j = DataModels.toJson(new AnswerWithRationale("r", "a"), "x[0]");
        assertThat(DataModels.fromJson(j, AnswerWithRationale.class)).isEqualTo(new AnswerWithRationale("r", "a"));
        assertThatThrownBy(() -> DataModels.toJson(List.of(1), "x[2]")).hasMessageContaining("x[2]");
        assertThatThrownBy(() -> DataSchema.of(String.class)).hasMessageContaining("not a record");
        assertThat(Json.sha256(Json.parse("{\"b\":1,\"a\":2}", "t")))
                .isEqualTo(Json.sha256(Json.parse("{\"a\":2,\"b\":1}", "t")));
    }
}
