package dev.tunebatch.lm.optimizer;

import dev.tunebatch.lm.module.Example;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A proposed trainable state: the few-shot examples of each learner, keyed by the learner's key in the program.
 *
 * @param examples learner key to its examples
 */
public record Candidate(Map<String, List<Example>> examples) {

    public Candidate {
        Map<String, List<Example>> copy = new LinkedHashMap<>();
        examples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        examples = java.util.Collections.unmodifiableMap(copy);
    }
}
