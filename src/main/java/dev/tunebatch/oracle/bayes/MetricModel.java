package dev.tunebatch.oracle.bayes;

import java.util.function.DoubleSupplier;

/**
 * A Gaussian process of one metric over the encoded space, fitted to the completed trials with its own
 * {@link KernelFitter} and, when trials are running, conditioned on them too at its own mean ("believed"), so that
 * its uncertainty there vanishes and parallel workers look elsewhere.
 */
final class MetricModel {

    private static final TrainingSubset TRAINING = TrainingSubset.standard();

    private final GaussianProcess process;
    private final double[] buffer;
    private final double[] prediction = new double[2];

    private MetricModel(GaussianProcess process) {
        this.process = process;
        this.buffer = process.newBuffer();
    }

    /**
     * Fits the model.
     *
     * @param y       the metric at {@code points}, already normalised (standardised)
     * @param pending running trials' coordinates
     */
    static MetricModel fit(KernelFitter fitter, SearchEncoding encoding, double[][] points, double[] y,
                           double[][] pending, DoubleSupplier uniform) {
        return new MetricModel(process(fitter, encoding, points, y, pending, uniform));
    }

    /**
     * The process of one metric: the kernel fitted to a {@link TrainingSubset#spread} of the completed trials, the
     * process conditioned on its {@link TrainingSubset#select selection} of them (all of them in a small study) and,
     * believed at its own mean, on the running ones. Everything derives from the trials and the fitter's stored
     * state, so a resumed search builds the same process.
     */
    static GaussianProcess process(KernelFitter fitter, SearchEncoding encoding, double[][] points, double[] y,
                                   double[][] pending, DoubleSupplier uniform) {
        boolean[] categorical = encoding.categoricalMask();
        int[] fitted = TRAINING.spread(points.length);
        KernelParams params = fitter.paramsFor(encoding, TrainingSubset.rows(points, fitted),
                TrainingSubset.entries(y, fitted), points.length, categorical, uniform);
        int[] subset = TRAINING.select(points, y, params.inverseSquaredLengths(), categorical);
        double[][] modelled = TrainingSubset.rows(points, subset);
        double[] modelledY = TrainingSubset.entries(y, subset);
        GaussianProcess completed = GaussianProcess.condition(modelled, modelledY, params, categorical);
        if (pending.length == 0) {
            return completed;
        }
        int n = modelled.length;
        double[][] all = new double[n + pending.length][];
        double[] believed = new double[n + pending.length];
        System.arraycopy(modelled, 0, all, 0, n);
        System.arraycopy(modelledY, 0, believed, 0, n);
        for (int j = 0; j < pending.length; j++) {
            all[n + j] = pending[j];
            believed[n + j] = completed.mean(pending[j]);
        }
        return GaussianProcess.condition(all, believed, params, categorical);
    }

    /** The posterior mean at {@code x}. */
    double mean(double[] x) {
        process.predict(x, buffer, prediction);
        return prediction[0];
    }

    /** The posterior mean and standard deviation at {@code x}, written to {@code out[0]} and {@code out[1]}. */
    void predict(double[] x, double[] out) {
        process.predict(x, buffer, prediction);
        out[0] = prediction[0];
        out[1] = Math.sqrt(prediction[1]);
    }
}
