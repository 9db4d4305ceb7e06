package dev.tunebatch.app;

import dev.tunebatch.app.failure.UsageException;
import dev.tunebatch.batch.launch.RunKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.DefaultApplicationArguments;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line is read in full before anything runs; good command lines pass, every bad one is one line. */
class CommandRequestTest {

    private static CommandRequest parse(String... args) {
        return CommandRequest.parse(new DefaultApplicationArguments(args), "demo");
    }

    @Test
    void goodCommandLinesAreRead() {
        assertThat(parse()).isEqualTo(new CommandRequest("run", "demo", null, 10));
        assertThat(parse("--tunebatch.demo.max-trials=3", "--debug"))
                .isEqualTo(new CommandRequest("run", "demo", null, 10));
        assertThat(parse("--run-key=2026-11-29")).isEqualTo(new CommandRequest("run", "demo", "2026-11-29", 10));
        assertThat(parse("run", "nightly", "--run-key=tunebatch-nightly-29000000", "--spring.datasource.url=x"))
                .isEqualTo(new CommandRequest("run", "nightly", "tunebatch-nightly-29000000", 10));
        assertThat(parse("results", "demo", "--top=10000").top()).isEqualTo(10_000);
        assertThat(parse("results", "demo", "--top=1").top()).isEqualTo(1);
        assertThat(parse("list")).isEqualTo(new CommandRequest("list", null, null, 10));
        assertThat(parse("status", "demo").search()).isEqualTo("demo");
        assertThat(parse("report")).as("every search's report and the index").isEqualTo(
                new CommandRequest("report", null, null, 10));
        assertThat(parse("report", "demo").search()).isEqualTo("demo");
    }

    @Test
    void workerServesEverySearchOrTheNamedOnes() {
        assertThat(parse("worker")).isEqualTo(new CommandRequest("worker", null, null, 10, List.of()));
        assertThat(parse("worker", "--tunebatch.worker.capacity=2").served()).isEmpty();
        assertThat(parse("worker", "a", "b")).isEqualTo(new CommandRequest("worker", null, null, 10,
                List.of("a", "b")));
        assertThat(parse("worker", "b", "a", "b").served()).as("in the order given, once each")
                .containsExactly("b", "a");
        assertThat(parse("run", "demo").served()).isEmpty();
        assertThatThrownBy(() -> parse("worker", "a", "--top=3"))
                .hasMessageStartingWith("--top applies to results only, not to worker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29", "2026-11-29T02:00", "tunebatch-nightly-29000000", "v1.2_b+c@d", "nuit-été",
            "default"})
    void runKeysOfLettersDigitsAndPunctuationAreValid(String key) {
        assertThat(RunKey.problem(key)).isEmpty();
        assertThat(parse("run", "demo", "--run-key=" + key).runKey()).isEqualTo(key);
    }

    @Test
    void aRunKeyHasAtMost200Characters() {
        assertThat(RunKey.problem("k".repeat(RunKey.MAX_LENGTH))).isEmpty();
        assertThat(RunKey.problem("k".repeat(RunKey.MAX_LENGTH + 1))).hasValue("is 201 characters long, more than 200");
        assertThat(RunKey.shown("k".repeat(500))).isEqualTo("k".repeat(40) + "... (500 characters)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", " a", "-a", "a b", "a\nb", "nightly;drop"})
    void otherRunKeysAreRefused(String key) {
        assertThat(RunKey.problem(key)).isPresent();
        assertThatThrownBy(() -> parse("run", "demo", "--run-key=" + key)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--run-key=").hasMessageContaining("pass e.g. --run-key=2026-11-29")
                .hasMessageEndingWith(CommandRequest.USAGE);
    }

    @Test
    void badCommandLinesNameTheArgumentAndTheFix() {
        assertThatThrownBy(() -> parse("frobnicate")).hasMessageStartingWith("Unknown command 'frobnicate'.");
        assertThatThrownBy(() -> parse("status")).hasMessageStartingWith("Name a search: status <search>.");
        assertThatThrownBy(() -> parse("report", "a", "b")).hasMessageStartingWith("Unexpected argument 'b'");
        assertThatThrownBy(() -> parse("list", "x")).hasMessageStartingWith("list takes no argument");
        assertThatThrownBy(() -> parse("list", "x")).hasMessageEndingWith("| list | worker [<search>...]");
        assertThatThrownBy(() -> parse("results", "demo", "--top=10001"))
                .hasMessageStartingWith("--top=10001 is not a whole number from 1 to 10000");
        assertThatThrownBy(() -> parse("results", "demo", "--top=2.5")).hasMessageStartingWith("--top=2.5 ");
        assertThatThrownBy(() -> parse("--top=5")).hasMessageStartingWith("--top applies to results only");
        assertThatThrownBy(() -> parse("results", "demo", "--run-key=x"))
                .hasMessageStartingWith("--run-key applies to run only, not to results");
        assertThatThrownBy(() -> parse("run", "demo", "--runkey=x")).hasMessageStartingWith("Unknown option "
                + "'--runkey'");
        assertThatThrownBy(() -> parse("run", "demo", "--run-key")).hasMessageStartingWith("--run-key= is empty");
    }
}
