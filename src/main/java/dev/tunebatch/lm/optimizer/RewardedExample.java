package dev.tunebatch.lm.optimizer;

import dev.tunebatch.lm.module.Example;

/**
 * A training prediction turned into a possible few-shot example, with the reward its sample earned.
 *
 * @param learner the learner's key in the program
 * @param example the input and the output (the module's own, or the target for learners that learn from targets)
 * @param reward  the sample's reward
 */
public record RewardedExample(String learner, Example example, double reward) {
}
