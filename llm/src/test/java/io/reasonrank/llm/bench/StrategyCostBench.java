package io.reasonrank.llm.bench;

import io.reasonrank.format.Qrels;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.ScriptedRank1Llm;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.prompt.PassageLength;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.FullListReranker;
import io.reasonrank.rerank.Reranker;
import io.reasonrank.rerank.SlidingWindowReranker;
import io.reasonrank.rerank.StrategyCosts;
import io.reasonrank.rerank.TopDownReranker;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.rerank.pointwise.PointwiseReranker;
import io.reasonrank.testing.ScriptedLlmBackend;
import io.reasonrank.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.function.IntConsumer;
import java.util.function.ToLongFunction;

/**
 * Calls, input and output tokens per query and nDCG@10 of every reranking strategy on DL19 (docs/reference-behaviour.md §13.7): the 43
 * queries of {@code rank_llm/retrieve_results_dl19.json} (BM25 top-100), qrels {@code qrels.dl19-passage.txt},
 * 100-token passages, mode {@code rank_GPT_reasoning}, with the scripted LLM of {@code shared/data/README.md}
 * standing in for the model.
 *
 * <ul>
 *   <li><b>sliding</b> (window 20, step 10, top 100), <b>full</b> (one window of 100) and <b>top-down</b> (window 20,
 *       cutoff 10, budget 20): the real prompts through {@link ScriptedLlmBackend}; input tokens are each prompt's
 *       exact Qwen count ({@link HfTokenizer#qwenDefault()}, {@code len(tokenizer.encode(prompt))}, docs/reference-behaviour.md §1.8); output
 *       tokens are the scripted responses counted with the same tokenizer.
 *   <li><b>pointwise</b> (Rank1, top 100): {@link PointwiseReranker} over {@link OpenAiBackend} against the
 *       {@link ScriptedRank1Llm} double, which counts {@code usage.prompt_tokens} with the Qwen tokenizer; output tokens
 *       are its generations counted with the Qwen tokenizer, with the stop string {@code "</think> true"} (or false)
 *       that vLLM strips from the text added back.
 * </ul>
 * The scripted LLMs decide by query-term overlap, so the nDCG@10 figures compare the strategies' mechanics, not
 * ReasonRank's quality. Run: {@code java -cp <llm test classpath> io.reasonrank.llm.bench.StrategyCostBench}; the
 * table goes to stdout, progress to stderr (about 20 s).
 *
 * <p>Measured (43 queries; mean, min-max per query; Qwen tokens):
 * <pre>
 * strategy              calls          input tokens             output tokens      nDCG@10
 * sliding 20/10/100     9 (9-9)        16,259.7 (13,670-18,620)  837.0 (562-929)    0.4366
 * full list 100         1 (1-1)         8,235.1 (6,936-9,356)    445.8 (9-516)      0.4104
 * top-down 20/10/20     5.9 (4-7)       9,781.8 (5,904-11,977)   491.3 (312-647)    0.4278
 * pointwise Rank1 100   100 (100-100)  12,175.7 (10,262-14,598)  1,600.0 (16/call)  0.3594
 * </pre>
 * Top-down: 7 queries take 4 calls, 6 take 5, 14 take 6, 16 take 7 (254 calls, 34% fewer than sliding's 387, in
 * line with the paper's "around 33%" at depth 100). Sliding's input differs from {@code PointwiseCostBench}'s
 * 16,235.1 because that one counts the golden prompts, rendered over the first-stage order; here each window sees
 * the order the earlier windows left. The scripted full-list answer is short when its fault mode drops the tags
 * (9 tokens) and its nDCG suffers from one pass with no bubbling; output tokens of a real reasoning model would
 * be dominated by the reasoning, not the ranking.
 */
public final class StrategyCostBench {
  private StrategyCostBench() {}

  public static void main(String[] args) throws Exception {
    List<RerankRequest> requests = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json"));
    Qrels qrels = Qrels.read(SharedData.path("anserini-tools/msmarco/qrels.dl19-passage.txt"));
    HfTokenizer qwen = HfTokenizer.qwenDefault();
    int maxPassageTokens = PassageLength.forDataset("dl19");
    ToLongFunction<WindowTrace> listwiseOut = StrategyCosts.responseTokens(qwen);
    List<StrategyCosts> rows = new ArrayList<>();

    Reranker sliding = SlidingWindowReranker.builder(ScriptedLlmBackend.scripted()).mode(PromptMode.RANK_GPT_REASONING)
        .tokenizer(qwen).maxPassageTokens(maxPassageTokens).build();
    rows.add(timed("sliding 20/10/100", sliding, requests, qrels, listwiseOut));
    Reranker full = FullListReranker.builder(ScriptedLlmBackend.scripted()).mode(PromptMode.RANK_GPT_REASONING)
        .tokenizer(qwen).maxPassageTokens(maxPassageTokens).topK(100).build();
    rows.add(timed("full list 100", full, requests, qrels, listwiseOut));
    Reranker topDown = TopDownReranker.builder(ScriptedLlmBackend.scripted()).mode(PromptMode.RANK_GPT_REASONING)
        .tokenizer(qwen).maxPassageTokens(maxPassageTokens).build();
    rows.add(timed("top-down 20/10/20", topDown, requests, qrels, listwiseOut));

    try (OpenAiTestServer server = OpenAiTestServer.start(
            ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm().countingWith(qwen::countTokens)));
         OpenAiBackend backend = OpenAiBackend.builder().baseUrl(server.baseUrl()).model(OpenAiTestServer.MODEL)
            .environment(k -> null).maxConcurrency(16).extraBodyField("skip_special_tokens", false).build()) {
      Reranker pointwise = PointwiseReranker.builder().backend(backend).topK(100).build();
      // the trace does not say which judgment ended a generation; both end the same number of tokens
      if (qwen.countTokens("</think> true") != qwen.countTokens("</think> false")) throw new IllegalStateException("judgment lengths differ");
      ToLongFunction<WindowTrace> pointwiseOut = w -> qwen.countTokens(
          w.response().contains("</think>") ? w.response() : w.response() + "</think> true");
      rows.add(timed("pointwise Rank1 100", pointwise, requests, qrels, pointwiseOut));
    }

    System.out.println("| strategy | calls/query mean (min-max) | input tokens/query mean (min-max) | output tokens/query mean (min-max) | nDCG@10 | failed calls |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (StrategyCosts c : rows) {
      System.out.printf("| %s | %s | %s | %s | %.4f | %d |%n", c.strategy(), stats(c.calls()), stats(c.inputTokens()),
          stats(c.outputTokens()), c.ndcg10(), c.failedCalls());
    }
    for (StrategyCosts c : rows) System.out.printf("%s: queries by call count %s%n", c.strategy(), c.callHistogram());
  }

  private static String stats(LongSummaryStatistics s) {
    return String.format("%.1f (%d-%d)", s.getAverage(), s.getMin(), s.getMax());
  }

  private static StrategyCosts timed(String name, Reranker reranker, List<RerankRequest> requests, Qrels qrels,
      ToLongFunction<WindowTrace> out) {
    long start = System.nanoTime();
    IntConsumer progress = done -> {
      double secs = (System.nanoTime() - start) / 1e9;
      double rate = done / secs;
      System.err.printf("\r%s: %d/%d queries, %.1f q/s, ETA %.0f s", name, done, requests.size(), rate,
          (requests.size() - done) / rate);
    };
    StrategyCosts c = StrategyCosts.measure(name, reranker, requests, qrels, out, progress);
    System.err.println();
    return c;
  }
}
