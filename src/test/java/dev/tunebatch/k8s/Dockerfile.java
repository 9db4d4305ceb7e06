package dev.tunebatch.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile parsed the way BuildKit reads it, as far as the tests need: parser directives, then stages
 * ({@code FROM image [AS name]}) of instructions, with comments dropped and backslash continuations joined. No Docker
 * engine is needed (our CI machines have none).
 *
 * @param directives the parser directives at the top ({@code # syntax=...}), by lower-case name
 * @param stages     the build stages in order
 */
record Dockerfile(Map<String, String> directives, List<Stage> stages) {

    /**
     * One {@code FROM} and the instructions up to the next one.
     *
     * @param image        the base image
     * @param name         the {@code AS} name, or {@code null}
     * @param instructions everything after the {@code FROM}
     */
    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }
    }

    /**
     * One instruction.
     *
     * @param keyword   upper case, e.g. {@code COPY}
     * @param arguments the rest of the logical line, continuations joined with a space
     */
    record Instruction(String keyword, String arguments) {

        /** Leading {@code --name=value} flags (e.g. {@code COPY --from=build}), by name. */
        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            for (String word : words()) {
                if (!word.startsWith("--")) {
                    break;
                }
                int eq = word.indexOf('=');
                flags.put(eq < 0 ? word.substring(2) : word.substring(2, eq), eq < 0 ? "" : word.substring(eq + 1));
            }
            return flags;
        }

        /** The words after the flags (for COPY: the sources, then the destination). */
        List<String> operands() {
            return words().stream().dropWhile(w -> w.startsWith("--")).toList();
        }

        private List<String> words() {
            return List.of(arguments.trim().split("\\s+"));
        }
    }

    static Dockerfile parse(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(List<String> lines) {
        Map<String, String> directives = new LinkedHashMap<>();
        List<Instruction> instructions = new ArrayList<>();
        boolean header = true;
        StringBuilder logical = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (header) {
                if (line.matches("#\\s*[A-Za-z]+\\s*=.*")) {
                    int eq = line.indexOf('=');
                    directives.put(line.substring(1, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
                    continue;
                }
                header = false;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            String part = continues ? line.substring(0, line.length() - 1).strip() : line;
            logical = logical == null ? new StringBuilder(part) : logical.append(' ').append(part);
            if (!continues) {
                instructions.add(instruction(logical.toString()));
                logical = null;
            }
        }
        if (logical != null) {
            instructions.add(instruction(logical.toString()));
        }
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.operands();
                String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                stages.add(new Stage(words.get(0), name, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalArgumentException(instruction.keyword() + " before the first FROM");
                }
            } else {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(directives, stages);
    }

    private static Instruction instruction(String logicalLine) {
        int space = logicalLine.indexOf(' ');
        String keyword = space < 0 ? logicalLine : logicalLine.substring(0, space);
        return new Instruction(keyword.toUpperCase(Locale.ROOT), space < 0 ? "" : logicalLine.substring(space + 1).strip());
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }
}
