package dev.tunebatch.lm.model;

import dev.tunebatch.lm.data.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sampling parameters of a request; each is sent to the server only when set (non-null).
 *
 * @param temperature sampling temperature, in [0, 2]
 * @param maxTokens   the most tokens to generate, at least 1
 * @param topP        nucleus sampling mass, in (0, 1]
 * @param seed        the server's sampling seed
 */
public record Sampling(Double temperature, Integer maxTokens, Double topP, Integer seed) {

    /** Nothing set: the server's defaults apply. */
    public static final Sampling DEFAULTS = new Sampling(null, null, null, null);

    public Sampling {
        if (temperature != null && (temperature < 0 || temperature > 2 || temperature.isNaN())) {
            throw new IllegalArgumentException("temperature: " + temperature + " is outside [0, 2]; pick a value "
                    + "such as 0.0 (greedy) or 0.7.");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens: " + maxTokens + " must be at least 1 (or unset).");
        }
        if (topP != null && (topP <= 0 || topP > 1 || topP.isNaN())) {
            throw new IllegalArgumentException("topP: " + topP + " is outside (0, 1]; pick e.g. 0.9 (or unset).");
        }
    }

    /** The set parameters as a JSON object with OpenAI's names (absent ones omitted). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        if (temperature != null) {
            o.put("temperature", temperature);
        }
        if (maxTokens != null) {
            o.put("max_tokens", maxTokens);
        }
        if (topP != null) {
            o.put("top_p", topP);
        }
        if (seed != null) {
            o.put("seed", seed);
        }
        return o;
    }
}
