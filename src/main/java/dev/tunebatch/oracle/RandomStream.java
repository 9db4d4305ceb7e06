package dev.tunebatch.oracle;

/**
 * A counter-based pseudo-random stream whose whole state is {@code (seed, counter)}, so it persists as two numbers
 * and resumes exactly. Each seed is scrambled before use, so nearby seeds give unrelated streams (keras-tuner's
 * {@code Random(seed + k)} makes seeds 1 and 3 shifted copies of one stream). Draws use the SplitMix64 finaliser.
 */
public final class RandomStream {

    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private final long seed;
    private final long base;
    private long counter;

    public RandomStream(long seed, long counter) {
        this.seed = seed;
        this.base = mix(mix(seed) ^ 0x5851f42d4c957f2dL);
        this.counter = counter;
    }

    /** A uniform double in {@code [0, 1)}. */
    public synchronized double nextDouble() {
        counter++;
        return (mix(base + counter * GAMMA) >>> 11) * 0x1.0p-53;
    }

    /** A uniform long. */
    public synchronized long nextLong() {
        counter++;
        return mix(base + counter * GAMMA);
    }

    public long seed() {
        return seed;
    }

    public synchronized long counter() {
        return counter;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
