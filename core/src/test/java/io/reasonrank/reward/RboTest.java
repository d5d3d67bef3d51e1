package io.reasonrank.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RboTest {
  @Test
  void averageOverlapByHand() {
    // depth 1: 0/1, depth 2: 2/2, depth 3: 3/3 → AO = (0 + 1 + 1) / 3
    assertThat(Rbo.rbo(List.of("a", "b", "c"), List.of("b", "a", "c"))).isEqualTo((0.0 * 1 + 1.0) / 2 * 2 / 3 + 1.0 / 3);
    assertThat(Rbo.rbo(List.of("a", "b"), List.of("a", "b", "c"))).isEqualTo(1.0);
    assertThat(Rbo.rbo(List.of(), List.of())).isEqualTo(1.0);
    assertThat(Rbo.rbo(List.of("a"), List.of())).isEqualTo(0.0);
  }

  @Test
  void rejectsDuplicatesAndBadP() {
    assertThatThrownBy(() -> Rbo.rbo(List.of("a", "a"), List.of("a", "b")))
        .hasMessageStartingWith("S has duplicate elements");
    assertThatThrownBy(() -> Rbo.rbo(List.of("a"), List.of("b", "b")))
        .hasMessageStartingWith("T has duplicate elements");
    assertThatThrownBy(() -> Rbo.rbo(List.of("a"), List.of("b"), null, 1.5, false))
        .hasMessage("p must be between (0, 1): 1.5");
    assertThatThrownBy(() -> Rbo.rboExt(List.of("a"), List.of("b"), 1.0))
        .hasMessage("p must be between (0, 1): 1.0");
  }

  @Test
  void boundRangeKeepsValuesCloseToOne() {
    assertThat(Rbo.boundRange(1.0000000001)).isEqualTo(1.0000000001);
    assertThat(Rbo.boundRange(1.5)).isEqualTo(1.0);
    assertThat(Rbo.boundRange(-0.5)).isEqualTo(0.0);
  }
}
