package dev.tunebatch.hp;

/**
 * Optional settings of an integer hyperparameter: {@code IntOptions.defaults().step(16).defaultValue(128)}.
 *
 * @param step         grid step or {@code null} (1 for linear sampling)
 * @param sampling     sampling, linear when {@code null}
 * @param defaultValue default or {@code null} for {@code min}
 */
public record IntOptions(Integer step, Sampling sampling, Integer defaultValue) {

    /** Step 1, linear sampling, default {@code min}. */
    public static IntOptions defaults() {
        return new IntOptions(null, Sampling.LINEAR, null);
    }

    public IntOptions step(int newStep) {
        return new IntOptions(newStep, sampling, defaultValue);
    }

    public IntOptions sampling(Sampling newSampling) {
        return new IntOptions(step, newSampling, defaultValue);
    }

    public IntOptions defaultValue(int newDefault) {
        return new IntOptions(step, sampling, newDefault);
    }
}
