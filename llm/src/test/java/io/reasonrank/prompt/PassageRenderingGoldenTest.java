package io.reasonrank.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import io.reasonrank.text.Ftfy;
import io.reasonrank.text.PythonChars;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference's passage rendering (docs/reference-behaviour.md §1.5) on 4,387 real texts ({@code golden/passage_rendering_golden}):
 * DL19 MS MARCO passages at 100 tokens and BRIGHT queries/answers at 512 tokens (each row carries its
 * {@code max_length}). Checks both {@code truncated} (strip, fix_text, token cut) and {@code final} (then
 * replace_number), through the same {@link ListwisePrompts#renderPassage} that prompts use.
 */
class PassageRenderingGoldenTest {
  private static final HfTokenizer QWEN = HfTokenizer.qwenDefault();

  @Test
  void everyTruncatedAndFinalTextMatches() {
    List<PromptGoldens.RenderingRow> rows = PromptGoldens.renderingRows();
    assertThat(rows).hasSize(4387);
    assertThat(rows.stream().filter(r -> r.maxLength() == 512).count()).isEqualTo(90);
    List<String> failures = new ArrayList<>();
    int ftfy = 0;
    for (PromptGoldens.RenderingRow r : rows) {
      String fixed = Ftfy.fixText(PythonChars.strip(r.input()));
      String truncated = QWEN.truncate(fixed, r.maxLength());
      String fin = ListwisePrompts.renderPassage(Document.of(r.docid(), r.input()), QWEN, r.maxLength());
      // reasonrank-7B's own (Qwen2.5) tokenizer must cut exactly where the golden's did: no golden text holds a
      // Qwen3-only added token
      String truncated25 = HfTokenizer.qwen25().truncate(fixed, r.maxLength());
      if (truncated.equals(r.truncated()) && truncated25.equals(r.truncated()) && fin.equals(r.finalText())) continue;
      boolean ftfyCause = !fixed.equals(r.afterStripFixText());
      if (ftfyCause) ftfy++;
      failures.add((ftfyCause ? "[fix_text differs] " : "[NOT ftfy] ") + r.docid() + " "
          + PromptGoldens.firstDifference(r.finalText(), fin));
    }
    assertThat(failures)
        .as("%d of %d rows differ, %d because Ftfy.fixText differs from ftfy 6.3.1; first: %s", failures.size(), rows.size(),
            ftfy, failures.stream().limit(5).toList())
        .isEmpty();
  }
}
