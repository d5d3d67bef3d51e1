package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import io.reasonrank.io.RankLlmResults;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PassageLength;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.testing.ScriptedLlmBackend;
import io.reasonrank.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference's whole DL19 reranking loop with vLLM replaced by the scripted LLM
 * ({@code golden/scripted_rerank_dl19.<mode>.trec}): 43 queries × 9 windows, window 20, step 10, top 100,
 * 100-token passages. The run must equal the reference's line for line (the run tag aside). Because the
 * scripted fault mode hashes the prompt, any prompt byte difference shows up, and the trace locates it.
 */
class ScriptedRerankReproductionTest {

  @ParameterizedTest
  @EnumSource(value = PromptMode.class, names = {"RANK_GPT_REASONING", "RANK_GPT"})
  void reproducesTheReferenceRunLineForLine(PromptMode mode) throws IOException {
    List<RerankRequest> requests = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json"));
    SlidingWindowReranker reranker = SlidingWindowReranker.builder(ScriptedLlmBackend.scripted())
        .mode(mode)
        .tokenizer(HfTokenizer.qwenDefault())
        .maxPassageTokens(PassageLength.forDataset("dl19"))
        .build();
    StringBuilder run = new StringBuilder();
    Map<String, WindowTrace> ours = new HashMap<>();
    for (RerankRequest r : requests) {
      RerankResult result = reranker.rerank(r);
      assertThat(result.windows()).hasSize(9);
      assertThat(result.failedWindows()).isZero();
      result.windows().forEach(w -> ours.put(r.query().id() + " [" + w.start() + "," + w.end() + ")", w));
      RerankRunWriter.write(run, result, 100, "bm25");
    }
    List<String> expected = Files.readAllLines(SharedData.path("golden/scripted_rerank_dl19." + mode.id() + ".trec"));
    List<String> actual = run.toString().lines().toList();

    String firstDivergence = firstDivergingWindow(mode, ours);
    int firstDiff = -1;
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!withoutTag(expected.get(i)).equals(withoutTag(actual.get(i)))) {
        firstDiff = i;
        break;
      }
    }
    assertThat(firstDiff)
        .as("first differing run line %d: expected '%s' but was '%s'; %s", firstDiff + 1,
            firstDiff < 0 ? "" : expected.get(firstDiff), firstDiff < 0 ? "" : actual.get(firstDiff), firstDivergence)
        .isEqualTo(-1);
    assertThat(actual).hasSameSizeAs(expected).hasSize(4300);
    assertThat(firstDivergence).isEqualTo("no window diverges");
  }

  /** The first LLM call, in the reference's order, whose prompt hash, response or permutation differs from ours. */
  private static String firstDivergingWindow(PromptMode mode, Map<String, WindowTrace> ours) {
    List<ScriptedTraces.Call> calls = ScriptedTraces.read(mode);
    assertThat(calls).hasSize(387);
    int diverging = 0;
    String first = null;
    for (ScriptedTraces.Call c : calls) {
      WindowTrace w = ours.get(c.key());
      String problem = null;
      if (w == null) problem = "window not called";
      else if (!w.docidsBefore().equals(c.docidsBefore())) problem = "different input order " + w.docidsBefore();
      else if (!w.promptSha256().equals(c.promptSha256())) problem = "prompt sha256 " + w.promptSha256() + " != " + c.promptSha256();
      else if (!w.response().equals(c.response())) problem = "response '" + w.response() + "' != '" + c.response() + "'";
      else if (!w.permutation().equals(c.permutation())) problem = "permutation " + w.permutation() + " != " + c.permutation();
      if (problem != null) {
        diverging++;
        if (first == null) first = "first diverging window: qid " + c.key() + " (fault " + c.fault() + "): " + problem;
      }
    }
    return first == null ? "no window diverges" : first + " (" + diverging + " of 387 windows differ)";
  }

  private static String withoutTag(String line) {
    String[] f = line.split(" ");
    return String.join(" ", new ArrayList<>(Arrays.asList(f).subList(0, Math.min(5, f.length))));
  }
}
