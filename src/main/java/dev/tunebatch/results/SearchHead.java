package dev.tunebatch.results;

import java.util.List;
import java.util.Map;

/**
 * A row of {@code tb_search}: what a search optimises and how its oracle ranks it.
 *
 * @param name            the search's name
 * @param kind            the oracle's kind ({@code random}, {@code bayesian}, ...), or {@code null}
 * @param stored          whether its oracle has stored its state (a row without it was only created)
 * @param objective       the objective's name, or {@code null}
 * @param maximize        whether the objective is maximised (a state without a direction minimises)
 * @param objectiveConfig the stored objective ({@code oracle_state->objective}), or {@code null}
 * @param space           the declared hyperparameters ({@code oracle_state->hyperparameters->space}), each with its
 *                        {@code class_name} and {@code config}; empty when none is stored
 * @param expected        the oracle's best expected scores by trial id, best first; empty when it ranks by score
 */
public record SearchHead(String name, String kind, boolean stored, String objective, boolean maximize,
                         Map<String, Object> objectiveConfig, List<Map<String, Object>> space,
                         Map<String, Double> expected) {
}
