package dev.tunebatch.k8s;

import java.util.ArrayList;
import java.util.List;

/** A program that fills its heap until the JVM runs out of memory (run in a child JVM by a test). */
final class OutOfMemoryChild {

    private OutOfMemoryChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("sleep")) {
            System.out.println("sleeping");
            System.out.flush();
            Thread.sleep(600_000);
            return;
        }
        List<long[]> held = new ArrayList<>();
        while (true) {
            held.add(new long[128 * 1024]);
        }
    }
}
