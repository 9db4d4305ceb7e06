package dev.tunebatch.oracle.bayes;

import java.util.function.DoubleSupplier;

/**
 * A Gaussian process of one metric over the encoded space, fitted to the completed trials with its own
 * {@link KernelFitter} and, when trials are running, conditioned on them too at its own mean ("believed"), so that
 * its uncertainty there vanishes and parallel workers look elsewhere.
 */
final class MetricModel {

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
        boolean[] categorical = encoding.categoricalMask();
        KernelParams params = fitter.paramsFor(encoding, points, y, categorical, uniform);
        GaussianProcess completed = GaussianProcess.condition(points, y, params, categorical);
        if (pending.length == 0) {
            return new MetricModel(completed);
        }
        int n = points.length;
        double[][] all = new double[n + pending.length][];
        double[] believed = new double[n + pending.length];
        System.arraycopy(points, 0, all, 0, n);
        System.arraycopy(y, 0, believed, 0, n);
        for (int j = 0; j < pending.length; j++) {
            all[n + j] = pending[j];
            believed[n + j] = completed.mean(pending[j]);
        }
        return new MetricModel(GaussianProcess.condition(all, believed, params, categorical));
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
