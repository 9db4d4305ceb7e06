package dev.tunebatch.store.file;

import dev.tunebatch.oracle.OracleChanges;
import dev.tunebatch.oracle.Trial;
import dev.tunebatch.store.ProgramCheckpoint;
import dev.tunebatch.store.SearchBusyException;
import dev.tunebatch.store.StoreException;
import dev.tunebatch.store.StoredSearch;
import dev.tunebatch.store.TrialStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The keras-tuner layout on disk: {@code <directory>/<projectName>/oracle.json} and one
 * {@code trial_<id>/trial.json} per trial, plus {@code checkpoint.json} for program state. Every file is written to a
 * temporary name and renamed into place, so a kill at any instant leaves either the old or the new document.
 */
public final class FileTrialStore implements TrialStore {

    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final String ORACLE_FILE = "oracle.json";
    private static final String TRIAL_FILE = "trial.json";
    private static final String CHECKPOINT_FILE = "checkpoint.json";

    private final Path project;
    private final boolean fsync;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** A store in {@code directory/projectName}, syncing every write to disk. */
    public FileTrialStore(Path directory, String projectName) {
        this(directory, projectName, true);
    }

    /**
     * A store in {@code directory/projectName}; without {@code fsync}, writes survive a killed process but not a
     * crashed machine.
     */
    public FileTrialStore(Path directory, String projectName, boolean fsync) {
        if (projectName == null || projectName.isBlank() || projectName.contains("/") || projectName.contains("\\")
                || projectName.equals("..") || projectName.equals(".")) {
            throw new IllegalArgumentException("projectName: '" + projectName
                    + "' must be a non-blank folder name without path separators (e.g. \"my_search\").");
        }
        this.project = directory.resolve(projectName).toAbsolutePath().normalize();
        this.fsync = fsync;
    }

    /** The project folder. */
    public Path project() {
        return project;
    }

    @Override
    public String location() {
        return project.toString();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<StoredSearch> load() {
        Path oracle = project.resolve(ORACLE_FILE);
        if (!Files.exists(oracle)) {
            return Optional.empty();
        }
        Map<String, Object> state = read(oracle);
        List<Map<String, Object>> trials = new ArrayList<>();
        for (Path dir : trialDirs()) {
            Path file = dir.resolve(TRIAL_FILE);
            if (Files.exists(file)) {
                trials.add(read(file));
            }
        }
        return Optional.of(new StoredSearch(state, trials));
    }

    @Override
    public long storedRevision() {
        Path oracle = project.resolve(ORACLE_FILE);
        if (!Files.exists(oracle)) {
            return -1;
        }
        Object rev = read(oracle).get("revision");
        return rev == null ? 0 : ((Number) rev).longValue();
    }

    @Override
    public void save(OracleChanges changes) {
        for (Trial t : changes.trials()) {
            write(project.resolve("trial_" + t.id()).resolve(TRIAL_FILE), t.toConfig());
        }
        write(project.resolve(ORACLE_FILE), changes.state());
    }

    @Override
    public void clear() {
        if (!Files.exists(project)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(project)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                String name = p.getFileName().toString();
                if (!p.equals(project) && !name.endsWith(".lock")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new StoreException("Could not clear " + project + ": " + e.getMessage()
                    + ". Check permissions, or delete the folder by hand.", e);
        }
    }

    @Override
    public <T> T withLock(Supplier<T> action) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(project, p -> new ReentrantLock());
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return action.get();
            }
            try (FileChannel ch = openLockFile("search.lock"); FileLock ignored = ch.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new StoreException("Could not lock " + project.resolve("search.lock") + ": " + e.getMessage(),
                        e);
            }
        } finally {
            jvmLock.unlock();
        }
    }

    @Override
    public Ownership claim(String owner) {
        FileChannel ch;
        try {
            ch = openLockFile("owner.lock");
        } catch (IOException e) {
            throw new StoreException("Could not open " + project.resolve("owner.lock") + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StoreException("Could not lock " + project.resolve("owner.lock") + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String holder = readOwner();
            closeQuietly(ch);
            throw new SearchBusyException("Another live process is running the search in " + project
                    + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; wait for it to finish or stop it, then run again.");
        }
        writeOwner(owner);
        FileLock held = lock;
        return () -> {
            try {
                held.release();
            } catch (IOException ignored) {
                // the channel close below releases it too
            }
            closeQuietly(ch);
        };
    }

    @Override
    public void saveCheckpoint(String trialId, ProgramCheckpoint checkpoint) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("epoch", checkpoint.epoch());
        doc.put("state", checkpoint.state());
        doc.put("history", checkpoint.history());
        write(project.resolve("trial_" + trialId).resolve(CHECKPOINT_FILE), doc);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<ProgramCheckpoint> loadCheckpoint(String trialId) {
        Path file = project.resolve("trial_" + trialId).resolve(CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, Object> doc = read(file);
        Map<String, List<Double>> history = new LinkedHashMap<>();
        ((Map<String, List<Object>>) doc.getOrDefault("history", Map.of())).forEach((k, v) ->
                history.put(k, v.stream().map(FileTrialStore::toDouble).toList()));
        return Optional.of(new ProgramCheckpoint(((Number) doc.get("epoch")).intValue(), (String) doc.get("state"),
                history));
    }

    private static Double toDouble(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
    }

    private List<Path> trialDirs() {
        if (!Files.isDirectory(project)) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(project, "trial_*")) {
            ds.forEach(dirs::add);
        } catch (IOException e) {
            throw new StoreException("Could not list " + project + ": " + e.getMessage(), e);
        }
        dirs.sort(Comparator.naturalOrder());
        return dirs;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(Path file) {
        try {
            return json.readValue(Files.readAllBytes(file), LinkedHashMap.class);
        } catch (NoSuchFileException e) {
            throw new StoreException(file + " disappeared while it was being read; run again.", e);
        } catch (IOException | JacksonException e) {
            throw new StoreException("Could not read " + file + ": " + e.getMessage()
                    + ". Fix or remove the file, or start afresh with overwrite(true).", e);
        }
    }

    private void write(Path file, Object document) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = json.writeValueAsBytes(document);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (fsync) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | JacksonException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a stray temporary file is harmless
            }
            throw new StoreException("Could not write " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable and the disk has room.", e);
        }
    }

    private FileChannel openLockFile(String name) throws IOException {
        Files.createDirectories(project);
        return FileChannel.open(project.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private String readOwner() {
        try {
            return Files.readString(project.resolve("owner.txt")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private void writeOwner(String owner) {
        try {
            Files.writeString(project.resolve("owner.txt"), owner + "\n", StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // the owner text only improves the busy message
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
