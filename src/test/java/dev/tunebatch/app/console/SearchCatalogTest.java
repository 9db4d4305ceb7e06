package dev.tunebatch.app.console;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.RandomSearch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default search of an application that uses the starter: set, or the only declared search. */
class SearchCatalogTest {

    private static SearchDefinition search(String name) {
        return SearchDefinition.of(name, RandomSearch::builder, () -> FitArgs.builder().build());
    }

    private static SearchCatalog catalog(String defaultSearch, SearchDefinition... searches) {
        TunebatchProperties properties = new TunebatchProperties();
        properties.setDefaultSearch(defaultSearch);
        return new SearchCatalog(List.of(searches), List.of(), List.of(), properties);
    }

    @Test
    void unsetMeansTheOnlyDeclaredSearch() {
        assertThat(catalog(null, search("line-fit")).defaultSearch()).contains("line-fit");
    }

    @Test
    void unsetWithSeveralSearchesNamesNone() {
        assertThat(catalog(null, search("a"), search("b")).defaultSearch()).isEmpty();
    }

    @Test
    void aSetDefaultWins() {
        assertThat(catalog("b", search("a"), search("b")).defaultSearch()).contains("b");
    }

    @Test
    void aSetDefaultThatNamesNoSearchIsOneLine() {
        assertThatThrownBy(() -> catalog("nightly", search("line-fit")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("tunebatch.default-search")
                .hasMessageContaining("nightly")
                .hasMessageContaining("known searches: line-fit");
    }
}
