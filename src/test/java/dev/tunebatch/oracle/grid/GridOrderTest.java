package dev.tunebatch.oracle.grid;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GridOrderTest {

    @Test
    void insertsAfterAGivenIdOrAtTheEnd() {
        GridOrder order = new GridOrder();
        assertThat(order.isEmpty()).isTrue();
        order.append("0");
        assertThat(order.next("0")).isNull();
        order.append("1");
        assertThat(order.next("0")).isEqualTo("1");
        assertThat(order.next("1")).isNull();
        order.insertAfter("2", "0");
        assertThat(order.next("0")).isEqualTo("2");
        assertThat(order.next("2")).isEqualTo("1");
        assertThat(order.next("1")).isNull();
        order.insertAfter("3", "1");
        order.append("4");
        assertThat(order.ids()).containsExactly("0", "2", "1", "3", "4");
        assertThat(order.next("3")).isEqualTo("4");
        assertThat(order.next("4")).isNull();
    }

    @Test
    void rebuildsFromItsIds() {
        GridOrder order = GridOrder.of(List.of("0", "2", "1"));
        order.insertAfter("3", "1");
        assertThat(order.ids()).containsExactly("0", "2", "1", "3");
        assertThat(order.contains("2")).isTrue();
        assertThat(order.contains("9")).isFalse();
    }

    @Test
    void rejectsAnIdTwiceOrAnUnknownPredecessor() {
        GridOrder order = GridOrder.of(List.of("0"));
        assertThatThrownBy(() -> order.append("0")).hasMessageContaining("'0' is already in the grid order");
        assertThatThrownBy(() -> order.insertAfter("1", "7")).hasMessageContaining("'7' is not in the grid order");
    }
}
