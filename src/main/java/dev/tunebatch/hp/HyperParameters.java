package dev.tunebatch.hp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A search space and the values of one point in it (keras-tuner's {@code HyperParameters}).
 *
 * <p>Declaring a hyperparameter registers it (the first declaration of a name under the same conditions wins) and
 * returns its current value: the oracle's choice during a trial, the default while the space is being populated.
 * A conditional scope's body runs only while the scope is active, so every value a hypermodel reads is a live one;
 * its hyperparameters are discovered when the tuner activates each branch at construction.
 *
 * <p>Not thread-safe: one instance belongs to one build.
 */
public final class HyperParameters {

    private final List<String> nameScopes = new ArrayList<>();
    private final List<Condition> conditions = new ArrayList<>();
    private final Map<String, List<HyperParameter>> byName = new LinkedHashMap<>();
    private final List<HyperParameter> space = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<List<Condition>> activeScopes = new ArrayList<>();
    private final List<List<Condition>> inactiveScopes = new ArrayList<>();

    /** An empty space. */
    public HyperParameters() {
    }

    // ---------------------------------------------------------------- declarations

    /** A float on {@code [min, max]}, linear, default {@code min}. */
    public double floatParam(String name, double min, double max) {
        return floatParam(name, min, max, FloatOptions.defaults());
    }

    /** A float with a step, sampling and default. */
    public double floatParam(String name, double min, double max, FloatOptions opts) {
        String full = fullName(name);
        FloatParam hp = new FloatParam(full, min, max, opts.step(), opts.sampling(),
                opts.defaultValue() == null ? min : opts.defaultValue(), conditions);
        return ((Number) declare(hp)).doubleValue();
    }

    /** An integer on {@code [min, max]} (max inclusive), step 1, default {@code min}. */
    public int intParam(String name, int min, int max) {
        return intParam(name, min, max, IntOptions.defaults());
    }

    /** An integer with a step, sampling and default. */
    public int intParam(String name, int min, int max, IntOptions opts) {
        String full = fullName(name);
        IntParam hp = new IntParam(full, min, max, opts.step(), opts.sampling(),
                opts.defaultValue() == null ? min : opts.defaultValue(), conditions);
        return ((Number) declare(hp)).intValue();
    }

    /**
     * An integer whose bounds arrive as doubles (from configuration files, say); they must be whole numbers.
     */
    public int intParam(String name, double min, double max, IntOptions opts) {
        String full = fullName(name);
        return intParam(name, IntParam.requireIntegral(full, "min_value", min),
                IntParam.requireIntegral(full, "max_value", max), opts);
    }

    /** A choice among values of one type; the default is the first value. */
    public <T> T choice(String name, List<T> choices) {
        return choice(name, choices, null, null);
    }

    /** A choice with an explicit {@code ordered} flag and default (either may be null). */
    @SuppressWarnings("unchecked")
    public <T> T choice(String name, List<T> choices, Boolean ordered, T defaultValue) {
        Object value = declare(ChoiceParam.of(fullName(name), choices, ordered, defaultValue, conditions));
        // Hand back the caller's own object: a stored value may have another boxed type (a Long choice read back
        // from JSON as Integer, a Float choice stored as Double).
        for (T c : choices) {
            if (Values.same(c, value)) {
                return c;
            }
        }
        return (T) value;
    }

    /** A boolean, default false. */
    public boolean booleanParam(String name) {
        return booleanParam(name, false);
    }

    /** A boolean with a default. */
    public boolean booleanParam(String name, boolean defaultValue) {
        return (Boolean) declare(new BooleanParam(fullName(name), defaultValue, conditions));
    }

    /** A fixed value: recorded in the space, never searched. */
    @SuppressWarnings("unchecked")
    public <T> T fixed(String name, T value) {
        Object current = declare(new FixedParam(fullName(name), value, conditions));
        return Values.same(current, value) ? value : (T) current;
    }

    private Object declare(HyperParameter hp) {
        for (Condition c : hp.conditions()) {
            if (c.name().equals(hp.name())) {
                throw new IllegalArgumentException("Hyperparameter '" + hp.name()
                        + "' has the same name as the parent of its conditional scope; rename one of them.");
            }
        }
        HyperParameter existing = find(hp.name(), hp.conditions());
        if (existing == null) {
            register(hp, false);
            existing = hp;
        }
        if (!isActive(existing)) {
            return existing.defaultValue();
        }
        if (!values.containsKey(existing.name())) {
            // Registered while inactive and active now (its parent's value changed): it starts at its default.
            values.put(existing.name(), existing.defaultValue());
        }
        return values.get(existing.name());
    }

    private HyperParameter find(String name, List<Condition> conds) {
        for (HyperParameter hp : byName.getOrDefault(name, List.of())) {
            if (hp.conditions().equals(conds)) {
                return hp;
            }
        }
        return null;
    }

    /** Adds a hyperparameter to the space; with {@code resetValue} its value becomes the default. */
    private void register(HyperParameter hp, boolean resetValue) {
        byName.computeIfAbsent(hp.name(), k -> new ArrayList<>()).add(hp);
        space.add(hp);
        if (isActive(hp)) {
            if (resetValue || !values.containsKey(hp.name())) {
                values.put(hp.name(), hp.defaultValue());
            } else {
                values.put(hp.name(), hp.coerce(values.get(hp.name())));
            }
        }
    }

    // ---------------------------------------------------------------- scopes

    /** Runs {@code body} with names prefixed {@code scope/}. */
    public void nameScope(String scope, Runnable body) {
        try (Scope ignored = openNameScope(scope)) {
            body.run();
        }
    }

    /** Opens a name scope for try-with-resources. */
    public Scope openNameScope(String scope) {
        nameScopes.add(scope);
        return () -> nameScopes.remove(nameScopes.size() - 1);
    }

    /**
     * Runs {@code body} only while {@code parent} holds one of {@code parentValues}; hyperparameters declared inside
     * are active only then.
     */
    public void conditionalScope(String parent, List<?> parentValues, Runnable body) {
        try (ConditionalScope scope = openConditionalScope(parent, parentValues)) {
            if (scope.active()) {
                body.run();
            }
        }
    }

    /**
     * Opens a conditional scope for try-with-resources; check {@link ConditionalScope#active()} before declaring.
     */
    public ConditionalScope openConditionalScope(String parent, List<?> parentValues) {
        String full = fullName(parent);
        List<HyperParameter> parents = byName.get(full);
        if (parents == null) {
            throw new IllegalArgumentException("`parent_name` " + full + " is not defined; declare the hyperparameter '"
                    + full + "' before opening a conditional scope on it.");
        }
        if (parentValues == null || parentValues.isEmpty()) {
            throw new IllegalArgumentException("Conditional scope on '" + full
                    + "': parent_values is empty; list the values under which the scope is active.");
        }
        for (Object v : parentValues) {
            Values.kindOf(full, v);
            boolean possible = parents.stream().anyMatch(p -> !(p instanceof ChoiceParam || p instanceof BooleanParam
                    || p instanceof FixedParam) || p.accepts(v));
            if (!possible) {
                throw new IllegalArgumentException("Conditional scope on '" + full + "': value " + v
                        + " can never be taken by '" + full + "' (values: " + parents.get(0).gridValues()
                        + "); list only values it can take.");
            }
        }
        conditions.add(new Condition(full, new ArrayList<>(parentValues)));
        List<Condition> stack = List.copyOf(conditions);
        boolean active = conditionsActive(stack);
        if (active) {
            if (!activeScopes.contains(stack)) {
                activeScopes.add(stack);
            }
        } else if (!inactiveScopes.contains(stack)) {
            inactiveScopes.add(stack);
        }
        return new ConditionalScope(active, () -> conditions.remove(conditions.size() - 1));
    }

    /** A scope closed by try-with-resources. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** A conditional scope: closes like a {@link Scope} and says whether its body should run. */
    public record ConditionalScope(boolean active, Scope closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.close();
        }
    }

    private String fullName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A hyperparameter name must not be blank.");
        }
        if (nameScopes.isEmpty()) {
            return name;
        }
        return String.join("/", nameScopes) + "/" + name;
    }

    // ---------------------------------------------------------------- queries

    /** The value of an active hyperparameter. */
    public Object get(String name) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        if (byName.containsKey(name)) {
            throw new IllegalStateException(name + " is currently inactive.");
        }
        throw new NoSuchElementException(name + " does not exist.");
    }

    /** Whether {@code name} has an active value. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** Whether the space declares {@code name} (active or not). */
    public boolean declares(String name) {
        return byName.containsKey(name);
    }

    /** The active values, in declaration order. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Every declared hyperparameter in declaration order; parents precede their children. */
    public List<HyperParameter> space() {
        return Collections.unmodifiableList(space);
    }

    /** Whether all conditions of {@code hp} hold for the current values. */
    public boolean isActive(HyperParameter hp) {
        return conditionsActive(hp.conditions());
    }

    /** Whether any hyperparameter named {@code name} is active. */
    public boolean isActive(String name) {
        return byName.getOrDefault(name, List.of()).stream().anyMatch(this::isActive);
    }

    private boolean conditionsActive(List<Condition> conds) {
        for (Condition c : conds) {
            if (!c.isActive(values)) {
                return false;
            }
        }
        return true;
    }

    /** Condition stacks seen active during builds. */
    public List<List<Condition>> activeScopes() {
        return List.copyOf(activeScopes);
    }

    /** Condition stacks seen inactive during builds. */
    public List<List<Condition>> inactiveScopes() {
        return List.copyOf(inactiveScopes);
    }

    // ---------------------------------------------------------------- oracle-facing mutation

    /**
     * Sets one value, converted to the hyperparameter's own type. Keys with no declaration (such as Hyperband's
     * {@code tuner/epochs}) are kept as given.
     */
    public void putValue(String name, Object value) {
        List<HyperParameter> hps = byName.get(name);
        values.put(name, hps == null || value == null ? value : coerce(hps, value));
    }

    private static Object coerce(List<HyperParameter> hps, Object value) {
        RuntimeException first = null;
        for (HyperParameter hp : hps) {
            try {
                return hp.coerce(value);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** Replaces all values. */
    public void setValues(Map<String, ?> newValues) {
        values.clear();
        newValues.forEach(this::putValue);
    }

    /** Removes a value. */
    public void removeValue(String name) {
        values.remove(name);
    }

    /**
     * Registers hyperparameters, as keras-tuner's {@code merge}. With {@code overwrite}, every one is appended to the
     * space (even when its name and conditions are already known: the existing entry stays, so the space may hold
     * both) and, when active, its value becomes its default. Without {@code overwrite}, those already known under the
     * same name and conditions are skipped and existing values are kept. An existing entry is never replaced.
     */
    public void merge(Collection<HyperParameter> hps, boolean overwrite) {
        for (HyperParameter hp : List.copyOf(hps)) {
            if (overwrite || find(hp.name(), hp.conditions()) == null) {
                register(hp, overwrite);
            }
        }
    }

    /** Merges the space of {@code other} (not its values), see {@link #merge(Collection, boolean)}. */
    public void merge(HyperParameters other, boolean overwrite) {
        merge(other.space(), overwrite);
    }

    /** Gives a random value to each active hyperparameter without one, and drops values of inactive ones. */
    public void ensureActiveValues(DoubleSupplier random) {
        for (HyperParameter hp : space) {
            if (isActive(hp)) {
                if (!values.containsKey(hp.name())) {
                    values.put(hp.name(), hp.probToValue(random.getAsDouble()));
                }
            } else if (!isActive(hp.name())) {
                values.remove(hp.name());
            }
        }
    }

    /** A deep copy (space and values). */
    public HyperParameters copy() {
        HyperParameters copy = new HyperParameters();
        for (HyperParameter hp : space) {
            copy.byName.computeIfAbsent(hp.name(), k -> new ArrayList<>()).add(hp);
            copy.space.add(hp);
        }
        copy.values.putAll(values);
        return copy;
    }

    /** An empty-valued copy of the space. */
    public HyperParameters spaceOnly() {
        HyperParameters copy = copy();
        copy.values.clear();
        return copy;
    }

    // ---------------------------------------------------------------- plain-data form

    /** {@code {"space":[{"class_name":..., "config":{...}}], "values":{...}}}, JSON-ready. */
    public Map<String, Object> toConfig() {
        List<Map<String, Object>> spaceConfig = new ArrayList<>();
        for (HyperParameter hp : space) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", hp.typeName());
            entry.put("config", hp.toConfig());
            spaceConfig.add(entry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("space", spaceConfig);
        config.put("values", new LinkedHashMap<>(values));
        return config;
    }

    /** Reads {@link #toConfig()}; values are converted back to their hyperparameters' types. */
    @SuppressWarnings("unchecked")
    public static HyperParameters fromConfig(Map<String, Object> config) {
        HyperParameters hps = new HyperParameters();
        for (Map<String, Object> entry : (List<Map<String, Object>>) config.getOrDefault("space", List.of())) {
            HyperParameter hp = HyperParameterConfigs.read((String) entry.get("class_name"),
                    (Map<String, Object>) entry.get("config"));
            hps.byName.computeIfAbsent(hp.name(), k -> new ArrayList<>()).add(hp);
            hps.space.add(hp);
        }
        Map<String, Object> vals = (Map<String, Object>) config.getOrDefault("values", Map.of());
        vals.forEach(hps::putValue);
        return hps;
    }

    @Override
    public String toString() {
        return "HyperParameters" + values;
    }
}
