package io.reasonrank.rerank;

import io.reasonrank.eval.Evaluator;
import io.reasonrank.eval.NdcgCut;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.prompt.PassageTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.ToLongFunction;

/**
 * What one reranking strategy costs and reaches on a set of queries (docs/reference-behaviour.md §13.7: "LLM calls per query for each
 * strategy ... and the nDCG@10 each reaches"): LLM calls, input tokens and output tokens per query, summed over the
 * traces, and nDCG@10 of the run as written ({@link RerankRunWriter}, 100 hits, {@code %.6f} scores) with
 * pytrec_eval semantics ({@link Evaluator#pytrecEval}).
 *
 * @param perQuery qid to that query's usage, in query order
 */
public record StrategyCosts(String strategy, Map<String, Usage> perQuery, double ndcg10, long failedCalls) {

  /** One query's usage. */
  public record Usage(int calls, long inputTokens, long outputTokens) {}

  /**
   * Reranks every request and measures it. Input tokens are each trace's {@code promptTokens} (the exact count of the
   * prompt with the translator's tokenizer when the backend reports none, as the sliding window does); output tokens are {@code outputTokens} of
   * each successful trace.
   */
  public static StrategyCosts measure(String strategy, Reranker reranker, List<RerankRequest> requests, Qrels qrels,
      ToLongFunction<WindowTrace> outputTokens, IntConsumer progress) {
    Map<String, Usage> perQuery = new LinkedHashMap<>();
    Map<String, List<ScoredDoc>> run = new LinkedHashMap<>();
    long failed = 0;
    for (int i = 0; i < requests.size(); i++) {
      RerankRequest r = requests.get(i);
      RerankResult result = reranker.rerank(r);
      long in = 0;
      long out = 0;
      for (WindowTrace w : result.windows()) {
        in += w.promptTokens();
        if (!w.failed()) out += outputTokens.applyAsLong(w);
      }
      failed += result.failedWindows();
      perQuery.put(r.query().id(), new Usage(result.windows().size(), in, out));
      List<ScoredDoc> hits = new ArrayList<>();
      // as the run file has them: the reference prints %.6f and trec_eval reads that back
      for (ScoredDoc h : RerankRunWriter.hits(result, 100)) hits.add(new ScoredDoc(h.docid(), Double.parseDouble(TrecRuns.formatScore(h.score()))));
      run.put(result.qid(), hits);
      progress.accept(i + 1);
    }
    double ndcg = Evaluator.pytrecEval(List.of(new NdcgCut(10))).evaluate(qrels, new Run(run)).mean("ndcg_cut_10");
    return new StrategyCosts(strategy, perQuery, ndcg, failed);
  }

  /** Output tokens of a listwise trace: the response text counted with the model's tokenizer. */
  public static ToLongFunction<WindowTrace> responseTokens(PassageTokenizer tokenizer) {
    return w -> tokenizer.countTokens(w.response());
  }

  public LongSummaryStatistics calls() {
    return perQuery.values().stream().mapToLong(Usage::calls).summaryStatistics();
  }

  public LongSummaryStatistics inputTokens() {
    return perQuery.values().stream().mapToLong(Usage::inputTokens).summaryStatistics();
  }

  public LongSummaryStatistics outputTokens() {
    return perQuery.values().stream().mapToLong(Usage::outputTokens).summaryStatistics();
  }

  /** Number of queries that made each call count, ascending by count. */
  public Map<Integer, Long> callHistogram() {
    Map<Integer, Long> h = new java.util.TreeMap<>();
    for (Usage u : perQuery.values()) h.merge(u.calls(), 1L, Long::sum);
    return h;
  }
}
