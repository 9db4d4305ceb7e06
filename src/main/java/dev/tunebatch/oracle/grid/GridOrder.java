package dev.tunebatch.oracle.grid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trial ids of a grid search sorted by their values, as a singly linked list: a new combination is inserted right
 * after the trial it was derived from, and its successor tells whether the combination has been produced already.
 */
final class GridOrder {

    /** Each id's successor; the last id maps to {@code null}. */
    private final Map<String, String> successors = new HashMap<>();
    private String head;
    private String tail;

    /** An order holding {@code ids} in that order. */
    static GridOrder of(List<String> ids) {
        GridOrder order = new GridOrder();
        ids.forEach(order::append);
        return order;
    }

    boolean isEmpty() {
        return head == null;
    }

    boolean contains(String id) {
        return successors.containsKey(id);
    }

    /** Adds {@code id} at the end. */
    void append(String id) {
        requireNew(id);
        successors.put(id, null);
        if (tail == null) {
            head = id;
        } else {
            successors.put(tail, id);
        }
        tail = id;
    }

    /** Adds {@code id} right after {@code previous}. */
    void insertAfter(String id, String previous) {
        requireNew(id);
        if (!contains(previous)) {
            throw new IllegalArgumentException("Trial '" + previous + "' is not in the grid order, so '" + id
                    + "' cannot be inserted after it.");
        }
        successors.put(id, successors.get(previous));
        successors.put(previous, id);
        if (previous.equals(tail)) {
            tail = id;
        }
    }

    /** The id after {@code id}, or {@code null} when it is the last one. */
    String next(String id) {
        return successors.get(id);
    }

    /** Every id, first to last. */
    List<String> ids() {
        List<String> ids = new ArrayList<>(successors.size());
        for (String id = head; id != null; id = successors.get(id)) {
            ids.add(id);
        }
        return ids;
    }

    private void requireNew(String id) {
        if (contains(id)) {
            throw new IllegalStateException("Trial '" + id + "' is already in the grid order.");
        }
    }
}
