package dev.tunebatch.lm.embedding;

import java.util.ArrayList;
import java.util.List;

/** Turns text into a vector whose cosine similarity to another text's vector measures how alike they are. */
public interface EmbeddingModel {

    /** A short name of the model (ledger, logs). */
    String name();

    /** The vector of {@code text}. */
    float[] embed(String text);

    /** The vectors of several texts, in order. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }
}
