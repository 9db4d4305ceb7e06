package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.Values;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * An unordered choice or a boolean: the coordinate is the index of the category, and the kernel only asks whether two
 * indices are equal. Every other category is a neighbour.
 *
 * @param categories the values, in index order
 */
record CategoricalDimension(HyperParameter hp, List<Object> categories) implements Dimension {

    CategoricalDimension {
        categories = List.copyOf(categories);
    }

    @Override
    public boolean categorical() {
        return true;
    }

    @Override
    public boolean continuous() {
        return false;
    }

    @Override
    public double encode(Object value) {
        for (int i = 0; i < categories.size(); i++) {
            if (Values.same(categories.get(i), value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Hyperparameter '" + hp.name() + "': " + value + " is not one of "
                + categories + ".");
    }

    @Override
    public Object decode(double coordinate) {
        int i = (int) Math.round(coordinate);
        return categories.get(Math.min(categories.size() - 1, Math.max(0, i)));
    }

    @Override
    public double random(DoubleSupplier uniform) {
        return Math.min(categories.size() - 1, (int) (uniform.getAsDouble() * categories.size()));
    }

    @Override
    public double[] neighbours(double coordinate) {
        int current = (int) Math.round(coordinate);
        double[] others = new double[categories.size() - 1];
        int k = 0;
        for (int i = 0; i < categories.size(); i++) {
            if (i != current) {
                others[k++] = i;
            }
        }
        return others;
    }
}
