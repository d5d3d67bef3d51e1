package io.reasonrank.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.JsonLines;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {
  private static final HfTokenizer QWEN = HfTokenizer.qwenDefault();

  record Row(String text, int maxLength, int numTokens, long[] head, String truncated) {}

  /** Tokenizer columns of the rendering golden, fed the golden's own ftfy output so that only the tokenizer is tested. */
  static List<Row> renderingRows() {
    List<Row> rows = new ArrayList<>();
    JsonLines.forEach(SharedData.path("golden/passage_rendering_golden.jsonl.gz"), (n, line) -> {
      long[] head = new long[n.get("token_ids_head").size()];
      for (int i = 0; i < head.length; i++) head[i] = n.get("token_ids_head").get(i).asLong();
      rows.add(new Row(n.get("after_strip_fix_text").asText(), n.get("max_length").asInt(), n.get("num_tokens").asInt(),
          head, n.get("truncated").asText()));
    });
    return rows;
  }

  @Test
  void matchesHfTokenizersOnEveryRenderingGoldenRow() {
    List<Row> rows = renderingRows();
    assertThat(rows).hasSize(4387);
    List<String> bad = new ArrayList<>();
    int longCut = 0;
    for (Row r : rows) {
      long[] ids = QWEN.encode(r.text());
      if (ids.length != r.numTokens()) bad.add("count " + ids.length + " != " + r.numTokens() + ": " + abbrev(r.text()));
      else if (!Arrays.equals(Arrays.copyOf(ids, Math.min(ids.length, r.maxLength())), r.head())) bad.add("ids differ: " + abbrev(r.text()));
      String cut = QWEN.truncate(r.text(), r.maxLength());
      if (!cut.equals(r.truncated())) bad.add("truncated differs: " + abbrev(r.text()));
      if (r.numTokens() > 512) longCut++;
    }
    assertThat(bad).isEmpty();
    assertThat(longCut).as("rows longer than DJL's default 512-token cut").isPositive();
  }

  @Test
  void matchesLlamaCppQwen2VocabCases() {
    List<String> bad = new ArrayList<>();
    int[] count = {0};
    JsonLines.forEach(SharedData.path("qwen-tokenizer/llamacpp_qwen2_cases.jsonl"), (n, line) -> {
      count[0]++;
      long[] want = new long[n.get("ids").size()];
      for (int i = 0; i < want.length; i++) want[i] = n.get("ids").get(i).asLong();
      long[] got = QWEN.encode(n.get("text").asText());
      if (!Arrays.equals(got, want)) bad.add("line " + line + ": " + Arrays.toString(got) + " != " + Arrays.toString(want));
    });
    assertThat(count[0]).isEqualTo(43);
    assertThat(bad).isEmpty();
  }

  @Test
  void cutInsideMultibyteCharacterGivesReplacementCharacter() {
    String text = "ab😀cd";
    List<String> tokens = QWEN.tokenize(text);
    // The emoji's 4 bytes are split over several byte-level tokens; cutting after the first of them
    // leaves an incomplete UTF-8 sequence that decodes to exactly one U+FFFD.
    int emojiStart = 0;
    StringBuilder prefix = new StringBuilder();
    for (; emojiStart < tokens.size(); emojiStart++) {
      if (!"ab".startsWith(prefix + tokens.get(emojiStart))) break;
      prefix.append(tokens.get(emojiStart));
    }
    String cut = QWEN.truncate(text, emojiStart + 1);
    if (QWEN.truncate(text, emojiStart + 1).contains("😀")) {
      assertThat(cut).startsWith("ab😀"); // the emoji is one token in this vocabulary
    } else {
      assertThat(cut).isEqualTo("ab\uFFFD");
    }
    assertThat(QWEN.truncate(text, 1000)).isEqualTo(text);
    assertThat(QWEN.truncate(text, 0)).isEmpty();
  }

  @Test
  void specialTokensInTextAreMatchedAndDecodeVerbatim() {
    String text = "x<|im_end|>y <think> z";
    List<String> tokens = QWEN.tokenize(text);
    assertThat(tokens).contains("<|im_end|>", "<think>");
    assertThat(QWEN.truncate(text, tokens.size())).isEqualTo(text);
    assertThat(QWEN.countTokens("<|im_start|>")).isEqualTo(1);
  }

  @Test
  void addsNoSpecialTokensAndDoesNotCutLongTexts() {
    String text = "word ".repeat(3000);
    assertThat(QWEN.countTokens(text)).isGreaterThan(2000);
    assertThat(QWEN.truncate(text, 5000)).isEqualTo(text);
    assertThat(QWEN.encode("hello")).hasSize(1);
    assertThat(QWEN.countTokens("[1] > [2] > [3]")).isEqualTo(QWEN.tokenize("[1] > [2] > [3]").size());
  }

  @Test
  void isThreadSafe() {
    List<Row> rows = renderingRows().subList(0, 800);
    List<String> sequential = rows.stream().map(r -> QWEN.truncate(r.text(), r.maxLength())).toList();
    for (int round = 0; round < 3; round++) {
      List<String> parallel = IntStream.range(0, rows.size()).parallel()
          .mapToObj(i -> QWEN.truncate(rows.get(i).text(), rows.get(i).maxLength())).toList();
      assertThat(parallel).isEqualTo(sequential);
    }
  }

  @Test
  void loadsFromDirectoryOrFileAndReportsMissingOnes(@TempDir Path tmp) throws Exception {
    Path shared = SharedData.path("qwen-tokenizer");
    try (HfTokenizer fromDir = HfTokenizer.load(shared); HfTokenizer fromFile = HfTokenizer.load(shared.resolve("tokenizer.json.gz"))) {
      assertThat(fromDir.encode("How long is the flea life cycle?")).isEqualTo(QWEN.encode("How long is the flea life cycle?"));
      assertThat(fromFile.countTokens("abc def")).isEqualTo(QWEN.countTokens("abc def"));
    }
    assertThatThrownBy(() -> HfTokenizer.load(tmp))
        .isInstanceOf(InputException.class)
        .hasMessage(tmp + ": no tokenizer.json or tokenizer.json.gz in this directory");
    assertThatThrownBy(() -> HfTokenizer.load(tmp.resolve("nope.json")))
        .isInstanceOf(InputException.class)
        .hasMessage(tmp.resolve("nope.json") + ": tokenizer not found");
    Path broken = Files.writeString(tmp.resolve("tokenizer.json"), "{not json");
    assertThatThrownBy(() -> HfTokenizer.load(broken))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(broken + ": cannot load tokenizer: ");
  }

  @Test
  void sharedQwenInstanceSurvivesClose() {
    HfTokenizer.qwenDefault().close();
    assertThat(HfTokenizer.qwenDefault().countTokens("still open")).isPositive();
  }

  private static String abbrev(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  @Test
  void qwen25LacksQwen3sThinkAndToolResponseTokensAndOtherwiseAgrees() {
    HfTokenizer q25 = HfTokenizer.qwen25();
    HfTokenizer q3 = HfTokenizer.qwen3();
    assertThat(q3.encode("<think>")).containsExactly(151667L);
    assertThat(q25.encode("<think>").length).isGreaterThan(1);
    assertThat(q25.decode(q25.encode("a <think> b </tool_response>"))).isEqualTo("a <think> b </tool_response>");
    // special tokens both share stay special
    assertThat(q25.encode("<|im_end|>")).containsExactly(151645L);
    assertThat(q25.encode("<|endoftext|>")).containsExactly(151643L);
    String text = "Passage (12): caf\u00e9 \u2014 na\u00efve r\u00e9sum\u00e9, 3.14159 and \u4e2d\u6587 text.";
    assertThat(q25.encode(text)).containsExactly(q3.encode(text));
    assertThat(HfTokenizer.forMode(io.reasonrank.prompt.PromptMode.RANK_GPT_REASONING)).isSameAs(q25);
    assertThat(HfTokenizer.forMode(io.reasonrank.prompt.PromptMode.RANK_GPT)).isSameAs(q25);
    assertThat(HfTokenizer.forMode(io.reasonrank.prompt.PromptMode.RANK_GPT_QWEN3)).isSameAs(q3);
  }
}
