package dev.tunebatch.app.failure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a failed start-up caused by a bad setting or an unreachable service into one line that names the property,
 * the value and the fix (printed by {@link OneLineFailureReporter}): our own {@link InvalidSettingException} and
 * {@link ServiceUnavailableException}, and Spring Boot's binding and validation failures of {@code @ConfigurationProperties}.
 * Runs before Boot's own analyzers.
 */
public final class OneLineFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final Pattern MAP_KEY = Pattern.compile("\\[([^\\]]*)]");

    private static final Map<Class<?>, String> TYPE_HINTS = Map.of(
            Integer.class, "a whole number, e.g. 10",
            int.class, "a whole number, e.g. 10",
            Long.class, "a whole number, e.g. 42",
            long.class, "a whole number, e.g. 42",
            Boolean.class, "true or false",
            boolean.class, "true or false",
            Double.class, "a number, e.g. 0.5",
            double.class, "a number, e.g. 0.5",
            Duration.class, "a duration, e.g. 25s, 2m or PT1H");

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        UsageException usage = StartupFailures.find(failure, UsageException.class);
        if (usage != null) {
            return new FailureAnalysis(usage.getMessage(), "", usage);
        }
        InvalidSettingException setting = StartupFailures.find(failure, InvalidSettingException.class);
        if (setting != null) {
            return new FailureAnalysis(setting.getMessage(), "", setting);
        }
        ServiceUnavailableException unavailable = StartupFailures.find(failure, ServiceUnavailableException.class);
        if (unavailable != null) {
            return new FailureAnalysis(unavailable.getMessage(), "", unavailable);
        }
        BindValidationException invalid = StartupFailures.find(failure, BindValidationException.class);
        if (invalid != null) {
            ValidationErrors errors = invalid.getValidationErrors();
            List<String> problems = new ArrayList<>();
            for (ObjectError error : errors.getAllErrors()) {
                problems.add(describe(errors, error));
            }
            return new FailureAnalysis("Invalid setting: " + String.join(" ", problems), "", invalid);
        }
        BindException bind = StartupFailures.find(failure, BindException.class);
        if (bind != null && bind.getProperty() != null) {
            return new FailureAnalysis(describe(bind), "", bind);
        }
        return null;
    }

    private static String describe(ValidationErrors errors, ObjectError error) {
        String prefix = errors.getName().toString();
        if (error instanceof FieldError field) {
            String name = prefix + "." + propertyPath(field.getField());
            ConfigurationProperty given = errors.getBoundProperties().stream()
                    .filter(p -> p.getName().toString().equals(name)).findFirst().orElse(null);
            Object value = given == null ? field.getRejectedValue() : given.getValue();
            Origin origin = given == null ? Origin.from(field) : given.getOrigin();
            return name + (value == null ? " (unset)" : "=" + value) + (origin == null ? "" : " (" + origin + ")")
                    + " " + field.getDefaultMessage() + ". " + howToSet(name);
        }
        return prefix + ": " + error.getDefaultMessage();
    }

    private static String describe(BindException bind) {
        ConfigurationProperty property = bind.getProperty();
        ResolvableType type = bind.getTarget().getType();
        Class<?> raw = type.resolve(Object.class);
        String expected = raw.isEnum() ? "one of " + Arrays.stream(raw.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", ")) : TYPE_HINTS.getOrDefault(raw, "a " + raw.getSimpleName());
        Origin origin = property.getOrigin();
        return "Invalid setting: " + property.getName() + "=" + property.getValue()
                + (origin == null ? "" : " (" + origin + ")") + " cannot be read; give " + expected + ". "
                + howToSet(property.getName().toString());
    }

    private static String howToSet(String property) {
        return "Fix it where it is set (--" + property + "=..., application.properties, or the environment "
                + "variable " + property.toUpperCase().replace('.', '_').replace("-", "") + ").";
    }

    /**
     * A bean path as a property name: {@code demo.maxTrials} → {@code demo.max-trials}, and map keys as written,
     * {@code endpoints[Local].maxConcurrency} → {@code endpoints.Local.max-concurrency}.
     */
    static String propertyPath(String field) {
        StringBuilder name = new StringBuilder();
        Matcher key = MAP_KEY.matcher(field);
        int at = 0;
        while (key.find()) {
            name.append(kebab(field.substring(at, key.start()))).append('.').append(key.group(1));
            at = key.end();
        }
        return name.append(kebab(field.substring(at))).toString();
    }

    /** {@code demo.maxTrials} → {@code demo.max-trials}. */
    static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
