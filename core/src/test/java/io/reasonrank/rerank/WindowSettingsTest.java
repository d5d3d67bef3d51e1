package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.rerank.WindowSettings.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSettingsTest {
  private static final WindowSettings REF = WindowSettings.DEFAULT;

  @Test
  void defaultsAreTheRunScripts() {
    assertThat(REF).isEqualTo(new WindowSettings(20, 10, 100, 1));
  }

  @Test
  void hundredCandidatesGiveNineWindowsBackToFront() {
    assertThat(REF.windows(100, 0)).containsExactly(new Window(80, 100), new Window(70, 90), new Window(60, 80),
        new Window(50, 70), new Window(40, 60), new Window(30, 50), new Window(20, 40), new Window(10, 30), new Window(0, 20));
  }

  @Test
  void shortListsEndWithAShorterWindowAsInTheSpecTable() {
    List<Window> w98 = REF.windows(98, 0);
    assertThat(w98).hasSize(9).startsWith(new Window(78, 98)).endsWith(new Window(8, 28), new Window(0, 18));
    List<Window> w95 = REF.windows(95, 0);
    assertThat(w95).hasSize(9).startsWith(new Window(75, 95)).endsWith(new Window(5, 25), new Window(0, 15));
    assertThat(REF.windows(30, 0)).containsExactly(new Window(10, 30), new Window(0, 20));
    assertThat(REF.windows(25, 0)).containsExactly(new Window(5, 25), new Window(0, 15));
    assertThat(REF.windows(20, 0)).containsExactly(new Window(0, 20));
    assertThat(REF.windows(7, 0)).containsExactly(new Window(0, 7));
    assertThat(REF.windows(0, 0)).isEmpty();
  }

  @Test
  void topKLimitsTheRerankedPrefix() {
    assertThat(new WindowSettings(20, 10, 50, 1).windows(100, 0)).containsExactly(
        new Window(30, 50), new Window(20, 40), new Window(10, 30), new Window(0, 20));
    // window 10 / step 5, the paper's best 32B setting
    assertThat(new WindowSettings(10, 5, 100, 1).windows(100, 0)).hasSize(19).startsWith(new Window(90, 100)).endsWith(new Window(0, 10));
  }

  @Test
  void referenceQuirkTopEqualToWindowMinusStepRanksNothing() {
    // rank_end - W + step == rank_start: the reference's loop condition fails at once
    assertThat(new WindowSettings(20, 10, 10, 1).windows(100, 0)).isEmpty();
    assertThat(new WindowSettings(20, 10, 15, 1).windows(100, 0)).containsExactly(new Window(0, 15));
  }

  @Test
  void laterPassesStartAtStepTimesPass() {
    WindowSettings two = new WindowSettings(20, 10, 100, 2);
    assertThat(two.windows(100, 1)).hasSize(8).startsWith(new Window(80, 100)).endsWith(new Window(10, 30));
    assertThat(two.allWindows(100)).hasSize(17);
  }

  @Test
  void validatesWithExactMessages() {
    assertThatThrownBy(() -> new WindowSettings(0, 10, 100, 1)).hasMessage("window size must be >= 1, got 0");
    assertThatThrownBy(() -> new WindowSettings(20, 0, 100, 1)).hasMessage("step must be >= 1, got 0");
    assertThatThrownBy(() -> new WindowSettings(20, 25, 100, 1))
        .hasMessage("step must not exceed the window size (20), got 25: passages between windows would never be ranked");
    assertThatThrownBy(() -> new WindowSettings(20, 10, 0, 1)).hasMessage("top must be >= 1, got 0");
    assertThatThrownBy(() -> new WindowSettings(20, 10, 100, 0)).hasMessage("passes must be >= 1, got 0");
    assertThatThrownBy(() -> REF.windows(-1, 0)).hasMessage("n must be >= 0, got -1");
  }
}
