package dev.tunebatch.app.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded two-class dataset (two overlapping Gaussian clouds) with train and validation splits, for the demo and
 * tests.
 *
 * @param trainX   feature rows ({@code double[]})
 * @param trainY   labels 0/1
 * @param validX   validation rows
 * @param validY   validation labels
 * @param features number of features
 */
public record SyntheticDataset(List<double[]> trainX, List<Double> trainY, List<double[]> validX,
                               List<Double> validY, int features) {

    /** {@code n} samples with {@code features} features, a fifth of them for validation. */
    public static SyntheticDataset generate(int n, int features, long seed) {
        Random r = new Random(seed);
        double[] direction = new double[features];
        for (int j = 0; j < features; j++) {
            direction[j] = r.nextGaussian();
        }
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = r.nextBoolean() ? 1 : 0;
            double[] row = new double[features];
            for (int j = 0; j < features; j++) {
                row[j] = r.nextGaussian() * 1.5 + (label == 1 ? 0.6 : -0.6) * direction[j];
            }
            x.add(row);
            y.add((double) label);
        }
        int split = n - n / 5;
        return new SyntheticDataset(x.subList(0, split), y.subList(0, split), x.subList(split, n), y.subList(split, n),
                features);
    }
}
