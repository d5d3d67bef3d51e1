package io.reasonrank.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reasonrank.format.Qrels;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PassageLength;
import io.reasonrank.testing.ScriptedLlmBackend;
import io.reasonrank.testing.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The strategies on DL19 (43 queries, BM25 top-100, 100-token passages, {@code rank_GPT_reasoning}) with the
 * scripted LLM of {@code shared/data/README.md}: calls per query and nDCG@10 (docs/reference-behaviour.md §13.7; the full table with
 * tokens is {@code io.reasonrank.llm.bench.StrategyCostBench}).
 *
 * <ul>
 *   <li>Sliding window 20/10/100: 9 calls per query ({@code [80,100), [70,90), ..., [0,20)}), 387 in all, and the
 *       reference's nDCG@10 0.4366 (the golden run's).
 *   <li>Full list: 1 call per query over the BM25 top-100 in its order, 43 in all.
 *   <li>Top-down 20/10/20: a query costs {@code 1 + g + s}: the sort of the top 20, {@code g} partition calls of
 *       the pivot plus 19 (the 80 others need at most 5: 19, 19, 19, 19, 4), which stop once 20 candidates beat the
 *       pivot, and {@code s = 1} when any did (a second round sorts the at most 20 candidates and always ends there).
 *       Nothing beating the pivot costs 1 + 5 = 6 calls; otherwise a query costs {@code g + 2}: 7 when the 5
 *       partitions were all needed, {@code g + 2} for the {@code g} after which 20 candidates were reached. The scripted LLM ranks by
 *       query-term overlap, which BM25 mostly agrees with at the top but not always: on DL19 7 queries cost 4 calls,
 *       6 cost 5, 14 cost 6 and 16 cost 7 (254 calls, 5.9 per query). The test replays that rule from each call's
 *       answer (where the pivot landed) rather than trusting the counts alone.
 * </ul>
 */
class StrategiesDl19Test {
  private static List<RerankRequest> requests;
  private static Qrels qrels;
  private static HfTokenizer qwen;

  @BeforeAll
  static void load() {
    requests = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json"));
    qrels = Qrels.read(SharedData.path("anserini-tools/msmarco/qrels.dl19-passage.txt"));
    qwen = HfTokenizer.qwenDefault();
  }

  private static StrategyCosts measure(String name, Reranker reranker) {
    return StrategyCosts.measure(name, reranker, requests, qrels, StrategyCosts.responseTokens(qwen), i -> {});
  }

  @Test
  void slidingWindowMakesNineCallsAndReachesTheGoldenNdcg() {
    StrategyCosts c = measure("sliding", SlidingWindowReranker.builder(ScriptedLlmBackend.scripted()).tokenizer(qwen)
        .maxPassageTokens(PassageLength.forDataset("dl19")).build());
    assertThat(requests).hasSize(43);
    assertThat(c.callHistogram()).containsExactly(Map.entry(9, 43L));
    assertThat(c.ndcg10()).isCloseTo(0.4366, within(5e-5));
    assertThat(c.failedCalls()).isZero();
  }

  @Test
  void fullListMakesOneCallOverTheTop100() {
    ScriptedLlmBackend backend = ScriptedLlmBackend.scripted();
    List<WindowTrace> traces = new ArrayList<>();
    StrategyCosts c = measure("full", FullListReranker.builder(backend).tokenizer(qwen)
        .maxPassageTokens(PassageLength.forDataset("dl19")).onWindow(traces::add).build());
    assertThat(c.callHistogram()).containsExactly(Map.entry(1, 43L));
    for (int i = 0; i < requests.size(); i++) {
      assertThat(traces.get(i).docidsBefore())
          .containsExactlyElementsOf(requests.get(i).candidates().stream().limit(100).map(Candidate::docid).toList());
    }
    assertThat(backend.requests()).allSatisfy(r -> assertThat(r.prompt()).contains("I will provide you with 100 passages"));
    // regression pin, measured by StrategyCostBench: one scripted pass over 100 passages without the sliding
    // window's bubbling
    assertThat(c.ndcg10()).isCloseTo(0.4104, within(5e-5));
  }

  @Test
  void topDownCallsFollowFromWhereThePivotLands() {
    Map<String, List<WindowTrace>> byQuery = new HashMap<>();
    List<WindowTrace> current = new ArrayList<>();
    Reranker reranker = TopDownReranker.builder(ScriptedLlmBackend.scripted()).tokenizer(qwen)
        .maxPassageTokens(PassageLength.forDataset("dl19")).onWindow(current::add).build();
    StrategyCosts c = StrategyCosts.measure("top-down", reranker, requests, qrels, StrategyCosts.responseTokens(qwen), i -> {
      byQuery.put(requests.get(i - 1).query().id(), List.copyOf(current));
      current.clear();
    });
    for (RerankRequest r : requests) {
      List<WindowTrace> calls = byQuery.get(r.query().id());
      assertThat(calls.size()).as("qid %s", r.query().id()).isEqualTo(replayedCalls(calls));
      assertThat(c.perQuery().get(r.query().id()).calls()).isEqualTo(calls.size());
    }
    assertThat(c.callHistogram()).containsExactly(Map.entry(4, 7L), Map.entry(5, 6L), Map.entry(6, 14L), Map.entry(7, 16L));
    assertThat(c.calls().getSum()).isEqualTo(254);
    assertThat(c.failedCalls()).isZero();
    // regression pin, measured by StrategyCostBench
    assertThat(c.ndcg10()).isCloseTo(0.4278, within(5e-5));
  }

  /**
   * The number of calls the algorithm must make given the model's answers: each partition call's pivot lands at
   * {@code permutation.indexOf(0)} (the pivot is shown first), which is how many passages beat it.
   */
  private static int replayedCalls(List<WindowTrace> calls) {
    assertThat(calls.getFirst().start()).isZero();
    assertThat(calls.getFirst().end()).isEqualTo(20);
    int candidates = 9;
    int next = 20;
    int made = 1;
    while (candidates < 20 && next < 100) {
      WindowTrace w = calls.get(made);
      assertThat(w.start()).isEqualTo(next);
      assertThat(w.end()).isEqualTo(Math.min(next + 19, 100));
      candidates += w.permutation().indexOf(0);
      next = w.end();
      made++;
    }
    if (candidates == 9) return made;
    WindowTrace second = calls.get(made);
    assertThat(second.start()).isZero();
    assertThat(second.end()).isEqualTo(Math.min(candidates, 20));
    return made + 1;
  }
}
