package dev.tunebatch.lm.embedding;

/** Vector arithmetic for embeddings. */
public final class Vectors {

    private Vectors() {
    }

    /** The cosine similarity of {@code a} and {@code b}, in [-1, 1]; 0 when either is zero. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Vectors of different dimensions (" + a.length + " and " + b.length
                    + ") cannot be compared; embed both texts with the same model.");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
