package dev.tunebatch.app.console;

/**
 * A check that must pass before a search is launched (e.g. its LM endpoint answers), so that a missing service
 * refuses the run with one line and changes nothing stored. Declare one as a bean; {@link #check()} throws
 * {@code ServiceUnavailableException} (exit 69) or {@code InvalidSettingException} (exit 78).
 */
public interface SearchPreflight {

    /** The search this check guards. */
    String search();

    /** Passes silently, or throws with a one-line message naming the fix. */
    void check();
}
