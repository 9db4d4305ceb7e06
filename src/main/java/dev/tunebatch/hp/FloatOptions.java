package dev.tunebatch.hp;

/**
 * Optional settings of a float hyperparameter: {@code FloatOptions.defaults().step(0.1).sampling(Sampling.LOG)}.
 *
 * @param step         grid step or {@code null}
 * @param sampling     sampling, linear when {@code null}
 * @param defaultValue default or {@code null} for {@code min}
 */
public record FloatOptions(Double step, Sampling sampling, Double defaultValue) {

    /** No step, linear sampling, default {@code min}. */
    public static FloatOptions defaults() {
        return new FloatOptions(null, Sampling.LINEAR, null);
    }

    public FloatOptions step(double newStep) {
        return new FloatOptions(newStep, sampling, defaultValue);
    }

    public FloatOptions sampling(Sampling newSampling) {
        return new FloatOptions(step, newSampling, defaultValue);
    }

    public FloatOptions defaultValue(double newDefault) {
        return new FloatOptions(step, sampling, newDefault);
    }
}
