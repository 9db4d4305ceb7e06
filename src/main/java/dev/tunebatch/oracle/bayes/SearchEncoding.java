package dev.tunebatch.oracle.bayes;

import dev.tunebatch.hp.Condition;
import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.HyperParameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The search space as a vector: one {@link Dimension} per searchable hyperparameter (fixed ones take none), in
 * declaration order. A hyperparameter that is inactive in a value set (its conditions do not hold, or it did not
 * exist yet) gets {@code NaN}: the kernel then treats it as absent instead of pretending it held its default.
 */
final class SearchEncoding {

    private final List<HyperParameter> space;
    private final int[] dimensionOfEntry;
    private final Dimension[] dimensions;
    private final boolean[] categorical;
    private final String[] keys;

    SearchEncoding(HyperParameters hps) {
        this.space = List.copyOf(hps.space());
        this.dimensionOfEntry = new int[space.size()];
        List<Dimension> dims = new ArrayList<>();
        List<String> keyList = new ArrayList<>();
        for (int i = 0; i < space.size(); i++) {
            Dimension d = Dimension.of(space.get(i));
            if (d == null) {
                dimensionOfEntry[i] = -1;
            } else {
                dimensionOfEntry[i] = dims.size();
                dims.add(d);
                keyList.add(i + ":" + space.get(i).name());
            }
        }
        this.dimensions = dims.toArray(Dimension[]::new);
        this.keys = keyList.toArray(String[]::new);
        this.categorical = new boolean[dimensions.length];
        for (int d = 0; d < dimensions.length; d++) {
            categorical[d] = dimensions[d].categorical();
        }
    }

    /** How many entries the encoded space was built from; the space only grows, so this identifies it. */
    int spaceSize() {
        return space.size();
    }

    /** The number of coordinates. */
    int size() {
        return dimensions.length;
    }

    Dimension dimension(int d) {
        return dimensions[d];
    }

    /** Which coordinates are categories (compared by equality). */
    boolean[] categoricalMask() {
        return categorical.clone();
    }

    /** A stable name of each coordinate ({@code "<position in the space>:<name>"}), used to carry fitted state over. */
    String[] keys() {
        return keys.clone();
    }

    /** The coordinates of a value set, {@code NaN} where a hyperparameter is inactive or has no usable value. */
    double[] encode(Map<String, Object> values) {
        double[] x = new double[dimensions.length];
        Arrays.fill(x, Double.NaN);
        for (int i = 0; i < space.size(); i++) {
            int d = dimensionOfEntry[i];
            if (d < 0) {
                continue;
            }
            HyperParameter hp = space.get(i);
            Object v = values.get(hp.name());
            if (v != null && active(hp, values) && hp.accepts(v)) {
                x[d] = dimensions[d].encode(v);
            }
        }
        return x;
    }

    /**
     * The value set at a point: every hyperparameter whose conditions hold gets the value at its coordinate (fixed
     * ones their value), walking the space in order so that parents are decided before their children. An active
     * coordinate left {@code NaN} takes the hyperparameter's default.
     */
    Map<String, Object> decode(double[] x) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < space.size(); i++) {
            HyperParameter hp = space.get(i);
            if (values.containsKey(hp.name()) || !active(hp, values)) {
                continue;
            }
            int d = dimensionOfEntry[i];
            if (d < 0 || Double.isNaN(x[d])) {
                values.put(hp.name(), hp.defaultValue());
            } else {
                values.put(hp.name(), dimensions[d].decode(x[d]));
            }
        }
        return values;
    }

    /** The point of the value set a point stands for: discrete coordinates snapped, inactive ones {@code NaN}. */
    double[] canonical(double[] x) {
        return encode(decode(x));
    }

    /** Fills every {@code NaN} coordinate with a random one, so that any branch a parent may switch to has values. */
    double[] fillInactive(double[] x, DoubleSupplier uniform) {
        double[] filled = x.clone();
        for (int d = 0; d < filled.length; d++) {
            if (Double.isNaN(filled[d])) {
                filled[d] = dimensions[d].random(uniform);
            }
        }
        return filled;
    }

    /** A uniformly random point (in every hyperparameter's sampling space), canonical. */
    double[] random(DoubleSupplier uniform) {
        double[] x = new double[dimensions.length];
        for (int d = 0; d < x.length; d++) {
            x[d] = dimensions[d].random(uniform);
        }
        return canonical(x);
    }

    private static boolean active(HyperParameter hp, Map<String, Object> values) {
        for (Condition c : hp.conditions()) {
            if (!c.isActive(values)) {
                return false;
            }
        }
        return true;
    }
}
