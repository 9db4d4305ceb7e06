package dev.tunebatch.app.demo;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A labelled intent dataset with fixed train, validation and test splits, read from JSONL: one object per line,
 * {@code {"text": "...", "label": "billing", "split": "train"}}. Loading validates every line (JSON object, exactly
 * these fields, a non-blank text, a snake_case label, a known split, no text twice) and the whole (every split
 * non-empty, at least two labels, every validation and test label present in train); a problem fails with a
 * {@link DatasetException} naming the file, the line and the fix.
 *
 * @param source     where the data came from, as given
 * @param train      the training split
 * @param validation the validation split (the search's objective is measured here)
 * @param test       the test split (only the best configuration is scored on it, after the search)
 */
public record IntentDataset(String source, List<LabelledUtterance> train, List<LabelledUtterance> validation,
                            List<LabelledUtterance> test) {

    /**
     * One labelled message.
     *
     * @param text  the message
     * @param label its intent
     * @param line  its line in the file (1-based)
     */
    public record LabelledUtterance(String text, String label, int line) {
    }

    private static final String CLASSPATH = "classpath:";
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,49}");
    private static final Set<String> FIELDS = Set.of("text", "label", "split");
    private static final int MAX_TEXT = 2000;
    private static final String SHAPE = "Write one JSON object per line: {\"text\": \"...\", \"label\": \"billing\", "
            + "\"split\": \"train\"}.";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Reads {@code classpath:path/in/jar.jsonl} or a file ({@code file:/x.jsonl} or a plain path). */
    public static IntentDataset load(String location) {
        if (location.startsWith(CLASSPATH)) {
            String path = location.substring(CLASSPATH.length()).replaceFirst("^/", "");
            InputStream in = IntentDataset.class.getClassLoader().getResourceAsStream(path);
            if (in == null) {
                throw new DatasetException(location + ": no such resource on the class path; give an existing one "
                        + "or a file, e.g. file:/data/intents.jsonl.");
            }
            return read(location, in);
        }
        Path file = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        try {
            return read(file.toAbsolutePath().toString(), Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new DatasetException(file.toAbsolutePath() + ": no such file; give the path of a JSONL file.", e);
        } catch (IOException e) {
            throw new DatasetException(file.toAbsolutePath() + ": cannot be read (" + e.getMessage() + ").", e);
        }
    }

    private static IntentDataset read(String source, InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(source, reader.lines().toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DatasetException(source + ": cannot be read (" + e.getMessage() + ").", e);
        }
    }

    /** Parses and validates the lines of {@code source}. */
    static IntentDataset parse(String source, List<String> lines) {
        Map<String, List<LabelledUtterance>> splits = new LinkedHashMap<>();
        List.of("train", "validation", "test").forEach(s -> splits.put(s, new ArrayList<>()));
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String raw = lines.get(i);
            if (raw.isBlank()) {
                continue;
            }
            JsonNode row = object(source, line, raw);
            String text = string(source, line, row, "text").strip();
            String label = string(source, line, row, "label");
            String split = string(source, line, row, "split");
            if (text.isEmpty() || text.length() > MAX_TEXT) {
                throw fail(source, line, "\"text\" must be 1 to " + MAX_TEXT + " characters, got " + text.length());
            }
            if (!LABEL.matcher(label).matches()) {
                throw fail(source, line, "\"label\" '" + label + "' must be snake_case (a-z, 0-9, _), e.g. "
                        + "cancel_order");
            }
            List<LabelledUtterance> target = splits.get(split);
            if (target == null) {
                throw fail(source, line, "\"split\" '" + split + "' must be train, validation or test");
            }
            Integer earlier = seen.putIfAbsent(text.toLowerCase(Locale.ROOT), line);
            if (earlier != null) {
                throw fail(source, line, "the same text as line " + earlier + "; remove one (a text in two "
                        + "splits leaks the answer into the score)");
            }
            target.add(new LabelledUtterance(text, label, line));
        }
        IntentDataset data = new IntentDataset(source, List.copyOf(splits.get("train")),
                List.copyOf(splits.get("validation")), List.copyOf(splits.get("test")));
        data.checkWhole();
        return data;
    }

    private void checkWhole() {
        if (train.isEmpty() && validation.isEmpty() && test.isEmpty()) {
            throw new DatasetException(source + ": no examples. " + SHAPE);
        }
        Map<String, List<LabelledUtterance>> named = Map.of("train", train, "validation", validation, "test", test);
        for (String split : List.of("train", "validation", "test")) {
            if (named.get(split).isEmpty()) {
                throw new DatasetException(source + ": the " + split + " split is empty; give some lines "
                        + "\"split\": \"" + split + "\".");
            }
        }
        Set<String> labels = labels();
        if (labels.size() < 2) {
            throw new DatasetException(source + ": the train split has " + labels.size() + " label(s) " + labels
                    + "; a classifier needs at least two.");
        }
        for (LabelledUtterance u : concat(validation, test)) {
            if (!labels.contains(u.label())) {
                throw fail(source, u.line(), "label '" + u.label() + "' never appears in the train split, so no "
                        + "program can learn it; add training lines for it or fix the label");
            }
        }
    }

    private static JsonNode object(String source, int line, String raw) {
        JsonNode row;
        try {
            row = JSON.readTree(raw);
        } catch (JacksonException e) {
            throw fail(source, line, "not JSON (" + firstLine(e.getOriginalMessage()) + "). " + SHAPE);
        }
        if (row == null || !row.isObject()) {
            throw fail(source, line, "not a JSON object. " + SHAPE);
        }
        for (String name : row.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw fail(source, line, "unknown field \"" + name + "\"; the fields are text, label and split");
            }
        }
        return row;
    }

    private static String string(String source, int line, JsonNode row, String field) {
        JsonNode v = row.get(field);
        if (v == null || v.isNull()) {
            throw fail(source, line, "\"" + field + "\" is missing. " + SHAPE);
        }
        if (!v.isString()) {
            throw fail(source, line, "\"" + field + "\" must be a string, got " + v);
        }
        return v.asString();
    }

    private static DatasetException fail(String source, int line, String problem) {
        return new DatasetException(source + ":" + line + ": " + problem + (problem.endsWith(".") ? "" : "."));
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "unreadable" : nl < 0 ? s : s.substring(0, nl);
    }

    private static List<LabelledUtterance> concat(List<LabelledUtterance> a, List<LabelledUtterance> b) {
        List<LabelledUtterance> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The labels of the train split, sorted. */
    public Set<String> labels() {
        Set<String> labels = new TreeSet<>();
        train.forEach(u -> labels.add(u.label()));
        return labels;
    }

    /** The first {@code perLabel} utterances of each label of {@code split}, in file order. */
    public static List<LabelledUtterance> perLabel(List<LabelledUtterance> split, int perLabel) {
        Map<String, Integer> taken = new HashMap<>();
        return split.stream().filter(u -> taken.merge(u.label(), 1, Integer::sum) <= perLabel).toList();
    }

    /** The inputs of a program: one {@link Utterance} per row. */
    public static List<Utterance> inputs(List<LabelledUtterance> rows) {
        return rows.stream().map(u -> new Utterance(u.text())).toList();
    }

    /** The targets of a program: one {@link Intent} per row. */
    public static List<Intent> targets(List<LabelledUtterance> rows) {
        return rows.stream().map(u -> new Intent(u.label())).toList();
    }
}
