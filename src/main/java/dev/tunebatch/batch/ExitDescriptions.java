package dev.tunebatch.batch;

/** Exit descriptions as the console shows them: Spring Batch stores a failure's whole stack trace there. */
public final class ExitDescriptions {

    private ExitDescriptions() {
    }

    /** The first line of {@code description}, stripped; null stays null. */
    public static String firstLine(String description) {
        int nl = description == null ? -1 : description.indexOf('\n');
        return nl < 0 ? description : description.substring(0, nl).strip();
    }
}
