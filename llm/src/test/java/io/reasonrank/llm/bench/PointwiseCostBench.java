package io.reasonrank.llm.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.io.Json;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.openai.ScriptedRank1Llm;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.pointwise.PointwiseReranker;
import io.reasonrank.testing.SharedData;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The paper's listwise-versus-pointwise cost comparison on DL19 (BM25 top-100 of
 * {@code rank_llm/retrieve_results_dl19.json}, 43 queries): LLM calls and input tokens per query for the Rank1
 * pointwise baseline (docs/reference-behaviour.md §11) and the ReasonRank sliding window (docs/reference-behaviour.md §1, §3).
 *
 * <ul>
 *   <li><b>Pointwise</b>: {@link PointwiseReranker} runs every query through {@link OpenAiBackend} against the
 *       {@link ScriptedRank1Llm} double, whose {@code usage.prompt_tokens} counts the received prompt with the
 *       Qwen tokenizer ({@code qwen-tokenizer/tokenizer.json.gz}, the BPE of Qwen2.5 and so of rank1-7B): the
 *       input numbers are exact. Output tokens are the double's (a one-sentence reasoning), not a model's.
 *   <li><b>Listwise</b>: the exact {@code rank_GPT_reasoning} prompts of the 9 windows per query made by the
 *       reference's own code ({@code golden/window_prompts_dl19.jsonl.gz}), counted with the same tokenizer
 *       ({@code len(tokenizer.encode(prompt))}, docs/reference-behaviour.md §1.8).
 * </ul>
 * Run: {@code java -cp <llm test classpath> io.reasonrank.llm.bench.PointwiseCostBench}; the table goes to stdout,
 * progress to stderr.
 *
 * <p>Measured (Qwen tokenizer, 43 queries): pointwise 100 calls and 12,175.7 input tokens per query (10,262 to
 * 14,598; 523,557 in all), listwise 9 calls and 16,235.1 input tokens per query (13,772 to 18,357; 698,108 in
 * all); pointwise/listwise input 0.75 (0.71 to 0.81). Pointwise sends each full passage once with about 30 tokens
 * of instruction; the window prompts send each passage (cut at 100 tokens) about twice, since windows of 20
 * overlap by 10. What differs by an order of magnitude is the generation: 100 reasoning chains of up to 8,192
 * tokens against 9 of up to 3,172 per query.
 */
public final class PointwiseCostBench {
  private PointwiseCostBench() {}

  private record Listwise(int calls, long inputTokens) {}

  public static void main(String[] args) throws Exception {
    HuggingFaceTokenizer qwen;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(SharedData.path("qwen-tokenizer/tokenizer.json.gz")))) {
      qwen = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }
    java.util.function.ToIntFunction<String> count = s -> qwen.encode(s, false, false).getIds().length;

    Map<String, Listwise> listwise = listwise(count);
    List<RerankRequest> requests = RankLlmResults.read(SharedData.path("rank_llm/retrieve_results_dl19.json"));

    Map<String, PointwiseReranker.Usage> pointwise = new LinkedHashMap<>();
    try (OpenAiTestServer server = OpenAiTestServer.start(
            ScriptedRank1Llm.responder(ScriptedRank1Llm.Options.vllm().countingWith(count)));
         OpenAiBackend backend = OpenAiBackend.builder().baseUrl(server.baseUrl()).model(OpenAiTestServer.MODEL)
            .environment(k -> null).maxConcurrency(16).extraBodyField("skip_special_tokens", false).build()) {
      PointwiseReranker reranker = PointwiseReranker.builder().backend(backend).topK(100).build();
      long start = System.nanoTime();
      for (int i = 0; i < requests.size(); i++) {
        RerankRequest r = requests.get(i);
        RerankResult res = reranker.rerank(r);
        pointwise.put(r.query().id(), PointwiseReranker.usage(res));
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = (i + 1) / secs;
        System.err.printf("\rpointwise %d/%d queries, %.1f q/s, ETA %.0f s", i + 1, requests.size(), rate,
            (requests.size() - i - 1) / rate);
      }
      System.err.println();
    }

    System.out.println("| qid | pw calls | pw input tok | pw output tok (double) | lw calls | lw input tok | pw/lw input |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    PointwiseReranker.Usage pwTotal = new PointwiseReranker.Usage(0, 0, 0, 0);
    long lwCalls = 0;
    long lwTokens = 0;
    for (RerankRequest r : requests) {
      String qid = r.query().id();
      PointwiseReranker.Usage u = pointwise.get(qid);
      Listwise l = listwise.get(qid);
      if (l == null) throw new IllegalStateException("no listwise prompts for qid " + qid);
      pwTotal = pwTotal.plus(u);
      lwCalls += l.calls();
      lwTokens += l.inputTokens();
      System.out.printf("| %s | %d | %d | %d | %d | %d | %.2f |%n", qid, u.calls(), u.promptTokens(),
          u.completionTokens(), l.calls(), l.inputTokens(), (double) u.promptTokens() / l.inputTokens());
    }
    int n = requests.size();
    System.out.printf("| **mean of %d** | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f |%n", n, (double) pwTotal.calls() / n,
        (double) pwTotal.promptTokens() / n, (double) pwTotal.completionTokens() / n, (double) lwCalls / n,
        (double) lwTokens / n, (double) pwTotal.promptTokens() / lwTokens);
    System.out.printf("| **total** | %d | %d | %d | %d | %d | |%n", pwTotal.calls(), pwTotal.promptTokens(),
        pwTotal.completionTokens(), lwCalls, lwTokens);
    System.out.printf("failed pointwise calls: %d; output budget per query: pointwise %d x 8192 = %d tokens,"
        + " listwise %d x 3172 = %d tokens%n", pwTotal.failedCalls(), 100, 100 * 8192, 9, 9 * 3172);
    qwen.close();
  }

  /** Calls and Qwen input tokens per query of the reference's 9 reasoning-mode window prompts. */
  private static Map<String, Listwise> listwise(java.util.function.ToIntFunction<String> count) throws Exception {
    Map<String, Listwise> out = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(SharedData.path("golden/window_prompts_dl19.jsonl.gz"))), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode row = Json.MAPPER.readTree(line);
        if (!row.path("mode").asText().equals("rank_GPT_reasoning")) continue;
        String qid = row.path("qid").asText();
        int tokens = count.applyAsInt(row.path("prompt").asText());
        out.merge(qid, new Listwise(1, tokens), (a, b) -> new Listwise(a.calls() + b.calls(), a.inputTokens() + b.inputTokens()));
      }
    }
    return out;
  }
}
