package io.reasonrank.synth.bench;

import io.reasonrank.format.Run;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.synth.SynthesisOptions;
import io.reasonrank.synth.Synthesizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Synthesis throughput against the in-process OpenAI-compatible double (no model time: it measures our overhead —
 * prompt rendering with the Qwen tokenizer, HTTP, parsing, row writing). {@code SynthBench [QUERIES] [CONCURRENCY]}:
 * 20 passages of ~300 words per query, 21 calls per query. A warm-up run precedes the timed one.
 */
public final class SynthBench {
  public static void main(String[] args) throws Exception {
    int queries = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Map<String, Document> corpus = new HashMap<>();
    Map<String, List<ScoredDoc>> hits = new LinkedHashMap<>();
    List<Query> topics = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      topics.add(new Query("q" + q, "why does process " + q + " happen in cells and what regulates it?"));
      List<ScoredDoc> list = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        String id = "d" + q + "_" + k;
        StringBuilder t = new StringBuilder();
        for (int w = 0; w < 300; w++) t.append("token").append((w * 31 + k * 7 + q) % 997).append(' ');
        corpus.put(id, Document.of(id, t.toString()));
        list.add(new ScoredDoc(id, 100 - k));
      }
      hits.put("q" + q, list);
    }
    String listwise = "<think>" + "reasoning ".repeat(400) + "</think>\n<answer>[2] > [1] > [3]</answer>";
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(p -> p.contains("Relevant: yes") ? "<think>hmm</think>\nRelevant: no" : listwise);
         var teacher = OpenAiBackend.builder().baseUrl(server.baseUrl()).model(OpenAiTestServer.MODEL).maxConcurrency(concurrency).build()) {
      SynthesisOptions d = SynthesisOptions.defaults("bench");
      SynthesisOptions o = new SynthesisOptions("bench", 20, 512, concurrency, d.pointwiseSampling(), d.listwiseSampling(), 0.55, 2.19);
      for (String phase : List.of("warm-up", "timed")) {
        Path out = Files.createTempFile("synth-bench", ".jsonl");
        Files.delete(out);
        long t0 = System.nanoTime();
        Synthesizer.Summary s = new Synthesizer(teacher, HfTokenizer.qwenDefault(), o).run(topics, new Run(hits),
            id -> Optional.ofNullable(corpus.get(id)), out, m -> {});
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d queries, %d calls in %.2f s = %.1f queries/s, %.0f calls/s (concurrency %d); %s%n", phase,
            s.written(), s.calls(), secs, s.written() / secs, s.calls() / secs, concurrency, s.describe());
        Files.delete(out);
      }
    }
  }
}
