package dev.tunebatch.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs read ({@code META-INF/spring-configuration-metadata.json}, written by Boot's
 * annotation processor from the properties classes and merged with
 * {@code additional-spring-configuration-metadata.json}) against the README and the code: every {@code tunebatch.*}
 * property the README names is known to the IDE with a description, every known property is documented, the
 * README's defaults are the real ones, and hints only name real properties.
 */
class ConfigurationMetadataTest {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    private static final Path ADDITIONAL =
            Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");
    private static final Path README = Path.of("README.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern PROPERTY = Pattern.compile("tunebatch(?:\\.(?:[a-z0-9-]+|<[a-z-]+>|\\*))+");
    /** Property names the code reads from the environment outside a properties class. */
    private static final Pattern READ_IN_CODE = Pattern.compile(
            "(?:\\$\\{|name\\s*=\\s*\"|getProperty\\(\")(tunebatch\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+)");

    private final JsonNode metadata = read(METADATA);
    private final Map<String, JsonNode> properties = byName(metadata.get("properties"));
    private final Set<String> groups = names(metadata.get("groups"));

    @Test
    void everyPropertyTheReadmeNamesIsKnownToTheIde() throws IOException {
        List<String> named = readmeProperties();
        assertThat(named).as("the README names properties").hasSizeGreaterThan(20)
                .contains("tunebatch.engine.heartbeat-interval", "tunebatch.schedule.cron", "tunebatch.demo.seed",
                        "tunebatch.lm.endpoints.<name>.api-key", "tunebatch.lm.prices.<model>.output-per-million");
        assertThat(named).as("README properties missing from the configuration metadata")
                .filteredOn(name -> !resolves(name)).isEmpty();
    }

    @Test
    void everyPropertyTheIdeKnowsIsDocumentedInTheReadme() throws IOException {
        List<String> documented = readmeProperties();
        List<String> undocumented = tunebatchProperties().stream()
                .filter(name -> !documented.contains(name)
                        && documented.stream().noneMatch(d -> isMap(name) && d.startsWith(name + ".")))
                .toList();
        assertThat(undocumented).as("properties in the metadata that README.md does not document").isEmpty();
    }

    @Test
    void everyPropertyHasADescription() {
        for (String name : tunebatchProperties()) {
            for (JsonNode p : all(name)) {
                assertThat(p.path("description").asString("")).as("description of %s (%s)", name,
                        p.path("sourceType").asString("")).isNotBlank();
            }
        }
    }

    @Test
    void theReadmeDefaultsAreTheMetadataDefaults() throws IOException {
        Map<String, String> defaults = readmeDefaults();
        assertThat(defaults).as("README defaults given as literals").hasSizeGreaterThan(12)
                .containsEntry("tunebatch.engine.database-outage-tolerance", "2m");
        defaults.forEach((name, value) -> {
            assertThat(properties).as("README default of %s", name).containsKey(name);
            for (JsonNode p : all(name)) {
                assertThat(p.get("defaultValue")).as("metadata default of %s", name).isNotNull();
                assertThat(p.get("defaultValue").asString()).as("default of %s", name).isEqualTo(value);
            }
        });
    }

    @Test
    void everyPropertyTheCodeReadsDirectlyIsInTheMetadata() throws IOException {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = READ_IN_CODE.matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertThat(read).as("@Value, conditions and getProperty on tunebatch.*")
                .contains("tunebatch.report.on-search-end", "tunebatch.cli.enabled", "tunebatch.schedule.cron");
        assertThat(read).as("read in code but unknown to the IDE").allSatisfy(name ->
                assertThat(properties).containsKey(name));
    }

    @Test
    void hintsNameRealPropertiesAndOfferTheirDefaults() {
        JsonNode hints = metadata.get("hints");
        Set<String> hinted = names(hints);
        assertThat(hinted).as("allowed or suggested values for the properties that are not enums")
                .contains("tunebatch.default-search", "tunebatch.schedule.cron", "tunebatch.schedule.zone",
                        "tunebatch.schedule.run-key-pattern", "tunebatch.demo.dataset");
        assertThat(names(read(ADDITIONAL).get("hints"))).as("hints come from the additional metadata")
                .containsExactlyInAnyOrderElementsOf(hinted.stream().filter(h -> h.startsWith("tunebatch.")).toList());
        for (JsonNode hint : hints) {
            String name = hint.get("name").asString();
            if (!name.startsWith("tunebatch.")) {
                continue;
            }
            assertThat(properties).as("hint %s names a property", name).containsKey(name);
            Set<String> values = new LinkedHashSet<>();
            hint.path("values").forEach(v -> values.add(v.get("value").asString()));
            hint.path("values").forEach(v -> assertThat(v.path("description").asString(""))
                    .as("description of %s=%s", name, v.get("value")).isNotBlank());
            JsonNode defaultValue = properties.get(name).get("defaultValue");
            if (defaultValue != null && !values.isEmpty()) {
                assertThat(values).as("%s offers its default", name).contains(defaultValue.asString());
            }
            assertThat(!values.isEmpty() || hint.has("providers")).as("%s suggests something", name).isTrue();
        }
    }

    // --- the README

    /**
     * Every {@code tunebatch.*} property in the README's inline code, with the short forms of its tables expanded:
     * {@code `a.b.c` / `.d`} and {@code `a.b.c` / `d`} (in a table's first cell) name {@code a.b.d}.
     */
    private static List<String> readmeProperties() throws IOException {
        Set<String> found = new LinkedHashSet<>();
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("|")) {
                String[] cells = line.split("\\|");
                if (cells.length > 1) {
                    found.addAll(expand(cells[1]));
                }
            }
            Matcher code = CODE.matcher(line);
            while (code.find()) {
                // a property alone or set (`name=value`, `name value`), not a meter (`tunebatch.trials{search}`)
                Matcher p = PROPERTY.matcher(code.group(1));
                if (p.lookingAt() && (p.end() == code.group(1).length()
                        || "= ".indexOf(code.group(1).charAt(p.end())) >= 0)) {
                    found.add(p.group());
                }
            }
        }
        found.remove("tunebatch.*");
        return new ArrayList<>(found);
    }

    /** The properties a table's first cell names, e.g. {@code `a.b.c` / `.d` / `e`} is a.b.c, a.b.d and a.b.e. */
    private static List<String> expand(String cell) {
        List<String> names = new ArrayList<>();
        String last = null;
        for (String part : cell.split(" / |, ")) {
            Matcher code = CODE.matcher(part.strip());
            if (!code.matches()) {
                continue;
            }
            String token = code.group(1);
            if (PROPERTY.matcher(token).matches()) {
                last = token;
                names.add(token);
            } else if (last != null && token.matches("\\.?[a-z0-9-]+")) {
                names.add(last.substring(0, last.lastIndexOf('.') + 1) + token.replaceFirst("^\\.", ""));
            }
        }
        return names;
    }

    /** Each property of a {@code | property | default | meaning |} table whose default is given as one literal. */
    private static Map<String, String> readmeDefaults() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(README)) {
            if (line.replace(" ", "").startsWith("|property|default|")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            String[] cells = line.split("\\|");
            if (!inTable || cells.length < 3 || cells[1].startsWith("---")) {
                continue;
            }
            List<String> names = expand(cells[1]);
            String[] values = cells[2].strip().split(" / ");
            if (values.length != names.size()) {
                continue;
            }
            for (int i = 0; i < values.length; i++) {
                Matcher literal = CODE.matcher(values[i].strip());
                if (literal.matches() && !literal.group(1).startsWith("tunebatch.")) {
                    defaults.put(names.get(i), literal.group(1));
                }
            }
        }
        return defaults;
    }

    // --- the metadata

    /**
     * Whether the IDE knows {@code name}: a property or group of the metadata, or a path into the values of a map
     * property ({@code tunebatch.lm.endpoints.<name>.retry.*}) that exists on the map's value type.
     */
    private boolean resolves(String name) {
        String plain = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
        if (properties.containsKey(plain) || (name.endsWith(".*") && groups.contains(plain))) {
            return true;
        }
        List<String> segments = List.of(plain.split("\\."));
        for (int i = segments.size() - 1; i > 0; i--) {
            String prefix = String.join(".", segments.subList(0, i));
            if (isMap(prefix) && i < segments.size()) {
                Class<?> type = mapValueType(prefix);
                for (String segment : segments.subList(i + 1, segments.size())) {
                    type = beanProperty(type, segment);
                    if (type == null) {
                        return false;
                    }
                }
                return !name.endsWith(".*") || !type.getName().startsWith("java.");
            }
        }
        return false;
    }

    private boolean isMap(String name) {
        JsonNode p = properties.get(name);
        return p != null && p.path("type").asString("").startsWith("java.util.Map<");
    }

    private Class<?> mapValueType(String name) {
        String type = properties.get(name).get("type").asString();
        String value = type.substring(type.indexOf(',') + 1, type.length() - 1);
        try {
            return Class.forName(value);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("The value type of " + name + " is not on the class path: " + value, e);
        }
    }

    /** The type of the JavaBean property {@code kebab} (e.g. {@code max-retry-after}) of {@code type}, or null. */
    private static Class<?> beanProperty(Class<?> type, String kebab) {
        String camel = Pattern.compile("-([a-z0-9])").matcher(kebab)
                .replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));
        try {
            for (PropertyDescriptor d : Introspector.getBeanInfo(type).getPropertyDescriptors()) {
                if (d.getName().equals(camel) && d.getReadMethod() != null) {
                    Type generic = d.getReadMethod().getGenericReturnType();
                    return generic instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : d.getPropertyType();
                }
            }
            return null;
        } catch (IntrospectionException e) {
            throw new AssertionError(e);
        }
    }

    private Set<String> tunebatchProperties() {
        return new TreeSet<>(properties.keySet().stream().filter(n -> n.startsWith("tunebatch.")).toList());
    }

    /** Every entry of the metadata named {@code name} (two properties classes may bind the same property). */
    private List<JsonNode> all(String name) {
        List<JsonNode> entries = new ArrayList<>();
        metadata.get("properties").forEach(p -> {
            if (p.get("name").asString().equals(name)) {
                entries.add(p);
            }
        });
        return entries;
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        array.forEach(p -> byName.putIfAbsent(p.get("name").asString(), p));
        return byName;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new TreeSet<>();
        if (array != null) {
            array.forEach(p -> names.add(p.get("name").asString()));
        }
        return names;
    }

    private static JsonNode read(Path file) {
        assertThat(file).as("%s (written by the compiler's annotation processor)", file).isRegularFile();
        return JsonMapper.builder().build().readTree(file.toFile());
    }
}
