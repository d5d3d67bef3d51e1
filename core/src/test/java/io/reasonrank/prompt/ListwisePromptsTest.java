package io.reasonrank.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.model.Document;
import io.reasonrank.testing.CodePointTokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListwisePromptsTest {

  @Test
  void replaceNumberTurnsBracketedDecimalsIntoParentheses() {
    assertThat(ListwisePrompts.replaceNumber("see [12] and [3]")).isEqualTo("see (12) and (3)");
    assertThat(ListwisePrompts.replaceNumber("[[1]]")).isEqualTo("[(1)]");
    assertThat(ListwisePrompts.replaceNumber("[1a] [] [ 1] [12")).isEqualTo("[1a] [] [ 1] [12");
    assertThat(ListwisePrompts.replaceNumber("[٣٤]")).isEqualTo("(٣٤)"); // Arabic-Indic digits are \d in Python
    assertThat(ListwisePrompts.replaceNumber("[𝟏𝟐]")).isEqualTo("(𝟏𝟐)"); // astral decimals, by code point
    assertThat(ListwisePrompts.replaceNumber("[²]")).isEqualTo("[²]"); // a digit but not a decimal
    assertThat(ListwisePrompts.replaceNumber("no brackets")).isEqualTo("no brackets");
  }

  @Test
  void queryIsNumberReplacedThenPythonStrippedButNotTruncated() {
    assertThat(ListwisePrompts.processQuery("\u3000 what is [1]?\u00a0\n")).isEqualTo("what is (1)?");
    String longQuery = "x".repeat(5000);
    assertThat(ListwisePrompts.processQuery(longQuery)).isEqualTo(longQuery);
  }

  @Test
  void userMessageHasTheBlankLineWindowLocalIdsAndNoTrailingNewline() {
    String user = ListwisePrompts.userMessage(PromptMode.RANK_GPT_REASONING, "q?", List.of("first\nline two", "second"));
    assertThat(user).isEqualTo(
        "I will provide you with 2 passages, each indicated by a numerical identifier []. Rank the passages based on"
            + " their relevance to the search query: q?.\n\n[1] first\nline two\n[2] second\nSearch Query: q?.\nRank the 2"
            + " passages above based on their relevance to the search query. All the passages should be included and"
            + " listed using identifiers, in descending order of relevance. The format of the answer should be [] > [],"
            + " e.g., [2] > [1].");
  }

  @Test
  void chatMlIsQwenTemplateWithGenerationPrompt() {
    assertThat(ListwisePrompts.chatMl("S", "U"))
        .isEqualTo("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void passageRenderingAppliesTitleStripTruncationThenReplaceNumber() {
    CodePointTokenizer tok = new CodePointTokenizer();
    // strip runs on the whole "Title: … Content: …" string, so the body's own leading space stays
    assertThat(ListwisePrompts.renderPassage(new Document("d", "T", " body [2] "), tok, 100))
        .isEqualTo("Title: T Content:  body (2)");
    // replace_number runs after the cut, so a cut inside "[12]" leaves the bracket as is
    assertThat(ListwisePrompts.renderPassage(Document.of("d", "abc [12]"), tok, 6)).isEqualTo("abc [1");
    assertThat(ListwisePrompts.renderPassage(Document.of("d", "\u2003 text \u3000"), tok, 100)).isEqualTo("text");
    // an empty title adds nothing
    assertThat(ListwisePrompts.renderPassage(new Document("d", "", "x"), tok, 100)).isEqualTo("x");
  }

  @Test
  void documentFieldsFollowTheReferencePrecedence() {
    assertThat(ListwisePrompts.documentOf("d", Map.of("segment", "s", "contents", "c")).text()).isEqualTo("s");
    assertThat(ListwisePrompts.documentOf("d", Map.of("text", "", "contents", "c")).text()).isEmpty();
    assertThat(ListwisePrompts.documentOf("d", Map.of("passage", "p", "body", "b")).text()).isEqualTo("b");
    assertThat(ListwisePrompts.documentOf("d", Map.of("contents", "c", "title", "T")).title()).isEqualTo("T");
    assertThatThrownBy(() -> ListwisePrompts.documentOf("d7", Map.of("title", "T")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document d7 has none of the content fields text, segment, contents, body, passage");
  }

  @Test
  void translatorBuildsRequestWithBothFormsAndModeSampling() {
    ListwiseTranslator t = new ListwiseTranslator(PromptMode.RANK_GPT, new CodePointTokenizer(), 50);
    var req = t.toRequest(new io.reasonrank.model.Query("1", "q"),
        List.of(new io.reasonrank.model.Candidate(Document.of("a", "alpha"), 2.0),
            new io.reasonrank.model.Candidate(Document.of("b", "beta"), 1.0)));
    assertThat(req.messages()).extracting(m -> m.role()).containsExactly("system", "user");
    assertThat(req.messages().get(0).content()).isEqualTo(ListwisePrompts.SYSTEM_PROMPT);
    assertThat(req.prompt()).isEqualTo(ListwisePrompts.chatMl(ListwisePrompts.SYSTEM_PROMPT, req.messages().get(1).content()));
    assertThat(req.sampling().maxTokens()).isEqualTo("[1] > [2]".length());
    assertThat(req.sampling().minTokens()).isEqualTo("[1] > [2]".length());
    assertThat(t.parse("[2] > [1]", 2).permutation()).containsExactly(1, 0);
    assertThatThrownBy(() -> new ListwiseTranslator(PromptMode.RANK_GPT, new CodePointTokenizer(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPassageTokens must be >= 1, got 0");
  }
}
