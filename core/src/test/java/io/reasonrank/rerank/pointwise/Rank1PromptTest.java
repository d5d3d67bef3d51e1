package io.reasonrank.rerank.pointwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Document;
import io.reasonrank.prompt.PassageTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rank1PromptTest {

  @Test
  void promptIsRank1sStringExactly() {
    String p = Rank1Prompt.raw().render("what is a [1] cat?", Document.of("d1", "  A cat [2] is\na mammal.  "));
    assertThat(p).isEqualTo("Determine if the following passage is relevant to the query. Answer only with 'true' or"
        + " 'false'.\nQuery: what is a [1] cat?\nPassage:   A cat [2] is\na mammal.  \n<think>");
  }

  @Test
  void titleIsPrependedWithOneSpace() {
    assertThat(Rank1Prompt.raw().passageText(new Document("d", "Cats", "They purr."))).isEqualTo("Cats They purr.");
    assertThat(Rank1Prompt.raw().passageText(new Document("d", "", "They purr."))).isEqualTo("They purr.");
  }

  @Test
  void truncationUsesTheTokenizerOnlyWhenAsked() {
    PassageTokenizer words = new PassageTokenizer() {
      @Override
      public String truncate(String text, int maxTokens) {
        String[] w = text.split(" ");
        return String.join(" ", List.of(w).subList(0, Math.min(maxTokens, w.length)));
      }

      @Override
      public int countTokens(String text) {
        return text.split(" ").length;
      }
    };
    Document doc = new Document("d", "T", "one two three four");
    assertThat(Rank1Prompt.truncating(words, 3).passageText(doc)).isEqualTo("T one two");
    assertThat(Rank1Prompt.truncating(words, 3).maxPassageTokens()).isEqualTo(3);
    assertThat(Rank1Prompt.raw().maxPassageTokens()).isZero();
    assertThatThrownBy(() -> Rank1Prompt.truncating(words, 0)).hasMessage("maxPassageTokens must be >= 1, got 0");
  }

  @Test
  void samplingIsRank1s() {
    assertThat(Rank1Prompt.SAMPLING.temperature()).isZero();
    assertThat(Rank1Prompt.SAMPLING.maxTokens()).isEqualTo(8192);
    assertThat(Rank1Prompt.SAMPLING.logprobs()).isEqualTo(20);
    assertThat(Rank1Prompt.SAMPLING.stop()).containsExactly("</think> true", "</think> false");
    assertThat(Rank1Prompt.FORCED_SAMPLING.maxTokens()).isEqualTo(1);
    assertThat(Rank1Prompt.FORCED_SAMPLING.logprobs()).isEqualTo(20);
    assertThat(Rank1Prompt.FORCED_SAMPLING.stop()).isEmpty();
  }

  @Test
  void forcedPromptCutsAfterTheLastSentenceLikeRank1() {
    String p = "P\n<think>";
    assertThat(Rank1Prompt.forcedJudgmentPrompt(p, " The query asks X. The passage says Y! It also men"))
        .isEqualTo("P\n<think>\nThe query asks X. The passage says Y!\n</think>");
    assertThat(Rank1Prompt.forcedJudgmentPrompt(p, "Done?\u2003\n")).isEqualTo("P\n<think>\nDone?\n</think>");
    assertThat(Rank1Prompt.forcedJudgmentPrompt(p, "no punctuation at all ")).isEqualTo("P\n<think>\nno punctuation at all\n</think>");
    assertThat(Rank1Prompt.forcedJudgmentPrompt(p, "")).isEqualTo("P\n<think>\n\n</think>");
  }
}
