package io.reasonrank.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scripted LLM's parsing, scoring and fault modes on hand-made prompts (the README definition). */
class ScriptedLlmTest {
  private final ScriptedLlm llm = new ScriptedLlm();

  /** A prompt whose passages 2 and 3 share 2 and 1 query words, with a salt chosen so the fault mode is {@code fault}. */
  private static String promptWithFault(int fault) {
    for (int salt = 0; ; salt++) {
      String p = "<|im_start|>user\nI will provide you with 3 passages. Rank the passages based on their relevance to the"
          + " search query: Flea life cycle.\n\n[1] nothing here " + salt + "\n[2] the flea LIFE\n[3] a cycle\n"
          + "Search Query: Flea life cycle.\nRank the 3 passages above.<|im_end|>\n";
      if (ScriptedLlm.faultMode(p) == fault) return p;
    }
  }

  @Test
  void wellFormedAnswerOrdersByDistinctQueryWordsThenId() {
    assertThat(llm.apply(promptWithFault(7))).isEqualTo("<think>Scripted reasoning.</think>\n<answer>[2] > [3] > [1]</answer>");
  }

  @Test
  void faultModes() {
    assertThat(llm.apply(promptWithFault(0))).isEqualTo("Passage [2] and [3] look best.");
    assertThat(llm.apply(promptWithFault(1))).isEqualTo("<think>Scripted reasoning.</think>\n<answer>[2]</answer>");
    assertThat(llm.apply(promptWithFault(2)))
        .isEqualTo("<think>Scripted reasoning.</think>\n<answer>[0] > [21] > [99] > [2] > [3] > [1]</answer>");
    assertThat(llm.apply(promptWithFault(3))).isEqualTo("<answer>[2] > [3] > [1]</answer>");
    assertThat(llm.apply(promptWithFault(4))).isEqualTo("<think>x</think>\n<answer></answer>");
    assertThat(llm.apply(promptWithFault(5))).isEqualTo("<THINK>Scripted reasoning.</THINK>\n<ANSWER>[2] > [3] > [1]</ANSWER>");
  }

  @Test
  void duplicatesTheThirdItemWhenEnoughRemain() {
    String p = null;
    for (int salt = 0; p == null; salt++) {
      StringBuilder sb = new StringBuilder("six passages, no query");
      for (int i = 1; i <= 6; i++) sb.append("\n[").append(i).append("] x").append(salt);
      if (ScriptedLlm.faultMode(sb.toString()) == 1) p = sb.toString();
    }
    assertThat(llm.apply(p)).isEqualTo("<think>Scripted reasoning.</think>\n<answer>[1] > [2] > [3] > [3] > [4]</answer>");
  }

  @Test
  void withoutTheQueryMarkerTheQueryIsEmptyAndAllScoresTie() {
    String p = null;
    for (int salt = 0; p == null; salt++) {
      String candidate = "no marker " + salt + "\n[1] b\n[2] a";
      if (ScriptedLlm.faultMode(candidate) >= 6) p = candidate;
    }
    assertThat(llm.apply(p)).isEqualTo("<think>Scripted reasoning.</think>\n<answer>[1] > [2]</answer>");
  }
}
