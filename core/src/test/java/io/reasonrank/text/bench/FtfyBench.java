package io.reasonrank.text.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reasonrank.testing.SharedData;
import io.reasonrank.text.Ftfy;
import io.reasonrank.text.PythonChars;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of {@link Ftfy#fixText} on the DL19 BM25 top-100 passages (4,300 hits of
 * {@code rank_llm/retrieve_results_dl19.json}), each stripped first as the reference does.
 * Run: {@code java -cp <core test classpath> io.reasonrank.text.bench.FtfyBench [rounds]}.
 */
public final class FtfyBench {
  private FtfyBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    JsonNode queries = new ObjectMapper().readTree(SharedData.path("rank_llm/retrieve_results_dl19.json").toFile());
    List<String> passages = new ArrayList<>();
    long chars = 0;
    for (JsonNode q : queries) {
      for (JsonNode hit : q.get("hits")) {
        String p = PythonChars.strip(hit.get("content").asText());
        passages.add(p);
        chars += p.length();
      }
    }
    System.err.printf("%d passages, %,d chars%n", passages.size(), chars);
    long sink = 0;
    for (int r = 1; r <= rounds; r++) {
      long t0 = System.nanoTime();
      for (String p : passages) sink += Ftfy.fixText(p).length();
      double s = (System.nanoTime() - t0) / 1e9;
      System.err.printf("round %d: %.3f s, %,.0f chars/s, %,.0f passages/s%n", r, s, chars / s, passages.size() / s);
    }
    System.err.println("checksum " + sink);
  }
}
