package dev.tunebatch.lm.module;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the trainable modules saw and answered while the program handled one sample in training; the optimizer turns
 * these into few-shot candidates once the sample's reward is known.
 */
public final class Trace {

    /**
     * One module call.
     *
     * @param module the module
     * @param input  its input
     * @param output its output ({@code null} when it failed)
     */
    public record Step(Module module, JsonNode input, JsonNode output) {
    }

    private final List<Step> steps = new ArrayList<>();

    /** Records a call. */
    public synchronized void record(Module module, JsonNode input, JsonNode output) {
        steps.add(new Step(module, input, output));
    }

    /** The calls so far. */
    public synchronized List<Step> steps() {
        return List.copyOf(steps);
    }
}
