package dev.tunebatch.app.console;

import dev.tunebatch.app.config.TunebatchProperties;
import dev.tunebatch.app.failure.InvalidSettingException;
import dev.tunebatch.batch.SearchDefinition;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The searches declared as beans, by name, and their preflight checks and held-out evaluations. At start-up it checks
 * that {@code tunebatch.default-search} and {@code tunebatch.schedule.search} name declared searches.
 */
@Component
public final class SearchCatalog {

    private final TreeMap<String, SearchDefinition> searches = new TreeMap<>();
    private final List<SearchPreflight> preflights;
    private final List<HoldOutEvaluation> evaluations;
    private final String defaultSearch;

    public SearchCatalog(List<SearchDefinition> definitions, List<SearchPreflight> preflights,
                         List<HoldOutEvaluation> evaluations, TunebatchProperties properties) {
        definitions.forEach(d -> searches.put(d.name(), d));
        this.preflights = List.copyOf(preflights);
        this.evaluations = List.copyOf(evaluations);
        this.defaultSearch = properties.getDefaultSearch();
        if (defaultSearch != null && !defaultSearch.isBlank()) {
            requireKnown("tunebatch.default-search", defaultSearch);
        }
        String scheduled = properties.getSchedule().getSearch();
        if (scheduled != null && !scheduled.isBlank()) {
            requireKnown("tunebatch.schedule.search", scheduled);
        }
    }

    private void requireKnown(String property, String name) {
        if (!searches.containsKey(name)) {
            throw new InvalidSettingException(property, name, "no search has this name; known searches: "
                    + String.join(", ", searches.keySet()) + ". Name one of them, or declare a SearchDefinition "
                    + "bean named '" + name + "'.");
        }
    }

    /** The search named {@code name}, if declared. */
    public Optional<SearchDefinition> find(String name) {
        return Optional.ofNullable(searches.get(name));
    }

    /** {@code tunebatch.default-search}, or when it is unset the only declared search. */
    public Optional<String> defaultSearch() {
        if (defaultSearch != null && !defaultSearch.isBlank()) {
            return Optional.of(defaultSearch);
        }
        return searches.size() == 1 ? Optional.of(searches.firstKey()) : Optional.empty();
    }

    /** The declared search names, sorted. */
    public List<String> names() {
        return List.copyOf(searches.keySet());
    }

    /** Runs the preflight checks of {@code search}; throws the first failure. */
    public void preflight(String search) {
        preflights.stream().filter(p -> p.search().equals(search)).forEach(SearchPreflight::check);
    }

    /** The held-out evaluation of {@code search}, if one is declared. */
    public Optional<HoldOutEvaluation> evaluation(String search) {
        return evaluations.stream().filter(e -> e.search().equals(search)).findFirst();
    }
}
