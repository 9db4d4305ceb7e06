package dev.tunebatch.batch.launch;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for run keys (the {@code run} job parameter that, with the search's name, identifies a job instance): 1 to
 * {@value #MAX_LENGTH} characters, letters and digits (any script) and {@code . _ - : + @}, starting with a letter or
 * a digit. Kubernetes Job names, dates ({@code 2026-11-29}) and times ({@code 2026-11-29T02:00}) all fit. Checked
 * before anything is stored, so a key never reaches a column too narrow for it.
 */
public final class RunKey {

    /** The longest run key. */
    public static final int MAX_LENGTH = 200;
    /** The run key used when none is given. */
    public static final String DEFAULT = "default";

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._:+@-]*");
    private static final int SHOWN = 40;

    private RunKey() {
    }

    /** What is wrong with {@code key} (without the fix), or empty when it is a valid run key. */
    public static Optional<String> problem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("is empty");
        }
        if (key.length() > MAX_LENGTH) {
            return Optional.of("is " + key.length() + " characters long, more than " + MAX_LENGTH);
        }
        if (!ALLOWED.matcher(key).matches()) {
            return Optional.of("may hold only letters, digits and . _ - : + @, and must start with a letter or a "
                    + "digit");
        }
        return Optional.empty();
    }

    /** {@code key} shortened for a message: at most 40 characters, with its length when cut. */
    public static String shown(String key) {
        if (key == null) {
            return "(unset)";
        }
        String oneLine = key.replaceAll("\\R", " ");
        return oneLine.length() <= SHOWN ? oneLine
                : oneLine.substring(0, SHOWN) + "... (" + key.length() + " characters)";
    }
}
