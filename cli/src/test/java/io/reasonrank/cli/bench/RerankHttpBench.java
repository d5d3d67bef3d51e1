package io.reasonrank.cli.bench;

import io.reasonrank.cli.ReasonRankCli;
import io.reasonrank.llm.openai.OpenAiTestServer;
import io.reasonrank.testing.ScriptedLlm;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Wall time of {@code reasonrank rerank} on DL19 (43 queries, 387 windows) over HTTP against the scripted LLM double:
 * the tool's own overhead (prompt rendering, tokenization, HTTP, parsing, cache, checkpoint), since the double answers
 * at once. Runs: a dry run, then cold (no cache), cached (second run on a warm cache), and lock-step; each 3 times,
 * median reported. Run with {@code -Dreasonrank.shared.data=../shared/data}.
 */
public final class RerankHttpBench {
  public static void main(String[] args) throws Exception {
    String dl19 = SharedData.path("rank_llm/retrieve_results_dl19.json").toString();
    Path dir = Files.createTempDirectory("rerank-bench");
    try (OpenAiTestServer server = OpenAiTestServer.startLlm(new ScriptedLlm())) {
      String[] base = {"rerank", "--candidates", dl19, "--base-url", server.baseUrl(), "--dataset", "dl19"};
      time("warm-up", 1, () -> run(base, "--no-cache", "--output", dir.resolve("w.trec").toString()));
      time("dry-run", 3, () -> run(base, "--dry-run"));
      time("cold, scheduler", 3, () -> run(base, "--no-cache", "--output", dir.resolve("a.trec").toString()));
      time("cold, lock-step", 3, () -> run(base, "--no-cache", "--schedule", "lockstep", "--output", dir.resolve("b.trec").toString()));
      run(base, "--output", dir.resolve("c.trec").toString());
      time("cached re-run", 3, () -> run(base, "--output", dir.resolve("c.trec").toString()));
    }
  }

  private static void run(String[] base, String... extra) {
    String[] a = new String[base.length + extra.length];
    System.arraycopy(base, 0, a, 0, base.length);
    System.arraycopy(extra, 0, a, base.length, extra.length);
    int code = ReasonRankCli.commandLine().setErr(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()))
        .setOut(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream())).execute(a);
    if (code != 0) throw new IllegalStateException("exit " + code);
  }

  private static void time(String what, int reps, Runnable r) {
    double[] s = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      r.run();
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    java.util.Arrays.sort(s);
    System.out.printf(Locale.ROOT, "%-18s median %.2f s over %d (%.3f s/query)%n", what, s[reps / 2], reps, s[reps / 2] / 43);
  }
}
