package io.reasonrank.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every window prompt the reference produced (docs/reference-behaviour.md §1; {@code golden/window_prompts_*.jsonl.gz}) rebuilt
 * byte for byte: DL19 (473 windows, passages from the rank_llm BM25 results, 100 tokens) and BRIGHT (384
 * windows with their own passage texts, 512 tokens, deliberately altered texts included).
 */
class WindowPromptsGoldenTest {
  private static final HfTokenizer QWEN = HfTokenizer.qwenDefault();

  @Test
  void dl19WindowPromptsAreByteIdentical() {
    List<PromptGoldens.WindowRow> rows = PromptGoldens.windows("golden/window_prompts_dl19.jsonl.gz");
    assertThat(rows).hasSize(473);
    assertAllMatch(rows);
  }

  @Test
  void brightWindowPromptsAreByteIdentical() {
    List<PromptGoldens.WindowRow> rows = PromptGoldens.windows("golden/window_prompts_bright.jsonl.gz");
    assertThat(rows).hasSize(384);
    assertAllMatch(rows);
  }

  private static void assertAllMatch(List<PromptGoldens.WindowRow> rows) {
    Map<String, String> knownFix = PromptGoldens.referenceFixText();
    List<String> failures = new ArrayList<>();
    int ftfyOnly = 0;
    // A passage renders the same in every window (mode and position do not matter), as the reranker relies on.
    Map<Document, String> rendered = new HashMap<>();
    for (PromptGoldens.WindowRow row : rows) {
      ListwiseTranslator translator = new ListwiseTranslator(row.mode(), QWEN, row.maxTokens());
      List<String> passages = row.docs().stream().map(d -> rendered.computeIfAbsent(d, translator::renderPassage)).toList();
      RenderedPrompt got = translator.assemble(row.query(), passages);
      boolean userOk = got.userMessage().equals(row.userMessage());
      boolean promptOk = got.prompt().equals(row.prompt());
      if (userOk && promptOk) continue;
      boolean suspect = row.docs().stream().map(PromptGoldens::raw).anyMatch(t -> PromptGoldens.ftfySuspect(t, knownFix))
          || PromptGoldens.ftfySuspect(row.query(), Map.of());
      if (suspect) ftfyOnly++;
      failures.add(row.dataset() + " q" + row.qid() + " " + row.mode() + " [" + row.start() + "," + row.end() + ")"
          + (suspect ? " (ftfy-sensitive text)" : " (NOT explained by ftfy)") + ": "
          + (userOk ? "prompt " + PromptGoldens.firstDifference(row.prompt(), got.prompt())
                    : "user_message " + PromptGoldens.firstDifference(row.userMessage(), got.userMessage())));
    }
    assertThat(failures)
        .as("%d of %d windows differ, %d of them contain ftfy-sensitive text; first: %s", failures.size(), rows.size(),
            ftfyOnly, failures.stream().limit(5).toList())
        .isEmpty();
  }
}
