package dev.tunebatch.lm.metric;

import tools.jackson.databind.JsonNode;

/** A per-sample value computed from target and prediction (the prediction may be null). */
@FunctionalInterface
public interface MetricFunction {
    double apply(JsonNode yTrue, JsonNode yPred);
}
