package dev.tunebatch.store.file;

import dev.tunebatch.store.StoreException;
import dev.tunebatch.store.TrialStore;
import dev.tunebatch.store.TrialStoreContract;
import dev.tunebatch.oracle.OracleChanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract for {@link FileTrialStore}, plus what only files can get wrong. */
class FileTrialStoreTest extends TrialStoreContract {

    @TempDir
    Path dir;

    @Override
    protected TrialStore newStore() {
        return new FileTrialStore(dir, "p-" + UUID.randomUUID(), false);
    }

    @Override
    protected TrialStore reopen(TrialStore store) {
        Path project = ((FileTrialStore) store).project();
        return new FileTrialStore(project.getParent(), project.getFileName().toString(), false);
    }

    @Test
    void writesKerasTunerLayoutAndLeavesNoTemporaryFiles() throws IOException {
        FileTrialStore store = new FileTrialStore(dir, "layout");
        store.save(new OracleChanges(List.of(), Map.of("kind", "random", "revision", 3)));
        assertThat(dir.resolve("layout/oracle.json")).exists();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
        assertThat(store.storedRevision()).isEqualTo(3);
    }

    @Test
    void aCorruptFileIsReportedWithItsPathAndTheFix() throws IOException {
        FileTrialStore store = new FileTrialStore(dir, "corrupt");
        Files.createDirectories(dir.resolve("corrupt"));
        Files.writeString(dir.resolve("corrupt/oracle.json"), "{\"kind\": \"random\", ");
        assertThatThrownBy(store::load).isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.resolve("corrupt/oracle.json").toAbsolutePath().toString())
                .hasMessageContaining("overwrite(true)");
        assertThat(dir.resolve("corrupt/oracle.json")).hasContent("{\"kind\": \"random\", ");
    }

    @Test
    void projectNameMustBeAFolderName() {
        assertThatThrownBy(() -> new FileTrialStore(dir, "../escape"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("projectName");
        assertThatThrownBy(() -> new FileTrialStore(dir, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("projectName");
    }
}
