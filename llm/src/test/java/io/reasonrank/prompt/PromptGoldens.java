package io.reasonrank.prompt;

import io.reasonrank.io.JsonLines;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.testing.SharedData;
import io.reasonrank.text.Ftfy;
import io.reasonrank.text.PythonChars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads the prompt goldens and explains differences (shared by the golden tests). */
final class PromptGoldens {
  private PromptGoldens() {}

  record WindowRow(String dataset, String qid, String query, PromptMode mode, int start, int end, int maxTokens,
      List<Document> docs, String userMessage, String prompt) {}

  record RenderingRow(String docid, int maxLength, String input, String afterStripFixText, String truncated, String finalText) {}

  private static Map<String, Document> dl19Docs;

  static synchronized Map<String, Document> dl19Docs() {
    if (dl19Docs == null) {
      Map<String, Document> m = new HashMap<>();
      for (RerankRequest r : RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json"))) {
        for (Candidate c : r.candidates()) m.put(c.docid(), c.doc());
      }
      dl19Docs = m;
    }
    return dl19Docs;
  }

  static List<WindowRow> windows(String file) {
    List<WindowRow> rows = new ArrayList<>();
    JsonLines.forEach(SharedData.path(file), (n, line) -> {
      List<Document> docs = new ArrayList<>();
      if (n.has("passages")) {
        n.get("passages").forEach(p -> docs.add(Document.of(p.get("docid").asText(), p.get("text").asText())));
      } else {
        n.get("docids").forEach(d -> docs.add(dl19Docs().get(d.asText())));
      }
      rows.add(new WindowRow(n.get("dataset").asText(), n.get("qid").asText(), n.get("query").asText(),
          PromptMode.parse(n.get("mode").asText()), n.get("window").get(0).asInt(), n.get("window").get(1).asInt(),
          n.get("max_passage_tokens").asInt(), docs, n.get("user_message").asText(), n.get("prompt").asText()));
    });
    return rows;
  }

  static List<RenderingRow> renderingRows() {
    List<RenderingRow> rows = new ArrayList<>();
    JsonLines.forEach(SharedData.path("golden/passage_rendering_golden.jsonl.gz"), (n, line) ->
        rows.add(new RenderingRow(n.path("docid").asText(""), n.get("max_length").asInt(), n.get("input").asText(),
            n.get("after_strip_fix_text").asText(), n.get("truncated").asText(), n.get("final").asText())));
    return rows;
  }

  /** ftfy 6.3.1's {@code fix_text(input.strip())} per DL passage text, from the rendering golden. */
  static Map<String, String> referenceFixText() {
    Map<String, String> m = new HashMap<>();
    for (RenderingRow r : renderingRows()) m.put(r.input(), r.afterStripFixText());
    return m;
  }

  /**
   * Whether {@link Ftfy#fixText} (possibly the temporary placeholder) could explain a difference for this raw
   * text: the reference fix_text result is known and differs, or (unknown) the text has something only the
   * full ftfy handles (non-ASCII, an HTML entity, a control character).
   */
  static boolean ftfySuspect(String raw, Map<String, String> known) {
    String ref = known.get(raw);
    if (ref != null) return !ref.equals(Ftfy.fixText(PythonChars.strip(raw)));
    return raw.chars().anyMatch(c -> c > 0x7E || (c < 0x20 && c != '\n')) || raw.matches("(?s).*&#?[0-9A-Za-z]{1,24};.*");
  }

  static String raw(Document d) {
    return ListwisePrompts.rawContent(d);
  }

  /** A short description of where two strings first differ. */
  static String firstDifference(String expected, String actual) {
    int i = 0;
    int n = Math.min(expected.length(), actual.length());
    while (i < n && expected.charAt(i) == actual.charAt(i)) i++;
    int from = Math.max(0, i - 40);
    return "at char " + i + ": expected …" + escape(expected.substring(from, Math.min(expected.length(), i + 40)))
        + "… but was …" + escape(actual.substring(from, Math.min(actual.length(), i + 40))) + "…";
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp == '\n') sb.append("\\n");
      else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD) sb.append(String.format("\\u%04X", cp));
      else sb.appendCodePoint(cp);
    });
    return sb.toString();
  }
}
