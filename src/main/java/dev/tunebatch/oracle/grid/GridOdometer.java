package dev.tunebatch.oracle.grid;

import dev.tunebatch.hp.Condition;
import dev.tunebatch.hp.HyperParameter;
import dev.tunebatch.hp.Values;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps through the combinations of a search space like an odometer: the last declared active hyperparameter turns
 * fastest, and every hyperparameter declared after the one that advanced goes back to its default. Each
 * hyperparameter's values are taken default first ({@link HyperParameter#defaultFirstValues()}); that order also
 * ranks combinations in {@link #compare}.
 *
 * <p>A value missing for an active hyperparameter (one discovered after the trial was created) counts as its default.
 */
final class GridOdometer {

    private final List<HyperParameter> space;
    private final Map<HyperParameter, List<Object>> choices = new IdentityHashMap<>();

    GridOdometer(List<HyperParameter> space) {
        this.space = List.copyOf(space);
    }

    /** The first combination: the default of every active hyperparameter. */
    Map<String, Object> first() {
        return combination(Map.of(), space.size(), null);
    }

    /** The combination after {@code values}, or {@code null} when {@code values} is the last one. */
    Map<String, Object> next(Map<String, Object> values) {
        for (int i = space.size() - 1; i >= 0; i--) {
            HyperParameter hp = space.get(i);
            if (!isActive(hp, values)) {
                continue;
            }
            List<Object> list = choicesOf(hp);
            // A value outside the list (index -1) advances to the default.
            int at = indexOf(list, valueOf(hp, values));
            if (at < list.size() - 1) {
                return combination(values, i, list.get(at + 1));
            }
        }
        return null;
    }

    /**
     * Orders two combinations by the first hyperparameter (in declaration order) where they differ, comparing the
     * positions of their values in the default-first lists: negative, zero or positive.
     */
    int compare(Map<String, Object> a, Map<String, Object> b) {
        for (HyperParameter hp : space) {
            if (!a.containsKey(hp.name()) && !b.containsKey(hp.name())) {
                continue;
            }
            Object va = valueOf(hp, a);
            Object vb = valueOf(hp, b);
            if (Values.same(va, vb)) {
                continue;
            }
            List<Object> list = choicesOf(hp);
            int byIndex = Integer.compare(indexOf(list, va), indexOf(list, vb));
            if (byIndex != 0) {
                return byIndex;
            }
        }
        return 0;
    }

    /**
     * The active values after advancing hyperparameter {@code advanced} to {@code advancedValue}: the ones declared
     * before it keep their values, the ones after it take their defaults.
     */
    private Map<String, Object> combination(Map<String, Object> old, int advanced, Object advancedValue) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (int i = 0; i < space.size(); i++) {
            HyperParameter hp = space.get(i);
            if (result.containsKey(hp.name()) || !isActive(hp, result)) {
                continue;
            }
            Object value;
            if (i < advanced) {
                value = valueOf(hp, old);
            } else if (i == advanced) {
                value = advancedValue;
            } else {
                value = hp.defaultValue();
            }
            result.put(hp.name(), value);
        }
        return result;
    }

    private List<Object> choicesOf(HyperParameter hp) {
        return choices.computeIfAbsent(hp, HyperParameter::defaultFirstValues);
    }

    private static Object valueOf(HyperParameter hp, Map<String, Object> values) {
        Object v = values.get(hp.name());
        return v == null ? hp.defaultValue() : v;
    }

    private static boolean isActive(HyperParameter hp, Map<String, Object> values) {
        for (Condition c : hp.conditions()) {
            if (!c.isActive(values)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(List<Object> list, Object value) {
        for (int i = 0; i < list.size(); i++) {
            if (Values.same(list.get(i), value)) {
                return i;
            }
        }
        return -1;
    }
}
