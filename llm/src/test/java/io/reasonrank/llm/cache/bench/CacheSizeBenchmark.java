package io.reasonrank.llm.cache.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.llm.cache.CacheKey;
import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.llm.cache.FirstCacheLayout;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Cache file size per 1,000 BRIGHT windows, for the current layout and for the first one (prompt and
 * messages as two plain TEXT columns). Input: the 384 real BRIGHT window prompts of
 * {@code golden/window_prompts_bright.jsonl.gz} (ReasonRank-7B's reasoning prompt over 20 passages of up to 512
 * tokens, about 33,000 characters each), sent as the reranker sends them (system and user messages plus the rendered
 * prompt), each stored under three model names to get 1,152 distinct rows; every answer is a 3,000-character
 * reasoning text (about 750 tokens, the paper's typical length). Sizes are of the SQLite file after a checkpoint of its
 * WAL. Run: {@code bin/bench llm io.reasonrank.llm.cache.bench.CacheSizeBenchmark}.
 */
public final class CacheSizeBenchmark {
  private static final int COPIES = 3;

  public static void main(String[] args) throws Exception {
    Path golden = Path.of(System.getProperty("reasonrank.shared.data", "../shared/data"), "golden", "window_prompts_bright.jsonl.gz");
    List<LlmRequest> requests = new ArrayList<>();
    long promptChars = 0;
    try (BufferedReader r = TextFiles.reader(golden)) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode row = Json.MAPPER.readTree(line);
        String prompt = row.get("prompt").asText();
        String system = prompt.substring("<|im_start|>system\n".length(), prompt.indexOf("<|im_end|>"));
        requests.add(new LlmRequest(List.of(ChatMessage.system(system), ChatMessage.user(row.get("user_message").asText())), prompt,
            SamplingParams.greedy(3172)));
        promptChars += prompt.length();
      }
    }
    StringBuilder answer = new StringBuilder("<think>");
    String words = requests.getFirst().messages().get(1).content();
    answer.append(words, 2_000, 2_000 + 3_000 - 40).append("</think><answer>[3] > [1] > [2]</answer>");
    Completion completion = new Completion(answer.toString(), 9_000, 750, "stop");

    Path dir = Files.createTempDirectory("cache-size-bench");
    try {
      Path current = dir.resolve("current.sqlite");
      long t0 = System.nanoTime();
      int rows = 0;
      try (CompletionCache cache = CompletionCache.open(current)) {
        for (int copy = 0; copy < COPIES; copy++) {
          for (LlmRequest req : requests) {
            cache.put(CacheKey.of("bench-model-" + copy, "openai-completions http://localhost:8000/v1", req), completion, 60_000);
            rows++;
          }
        }
      }
      double putSeconds = (System.nanoTime() - t0) / 1e9;
      checkpoint(current);
      Path first = dir.resolve("first-layout.sqlite");
      writeFirstLayout(first, requests, completion);
      checkpoint(first);
      long cur = Files.size(current), old = Files.size(first);
      System.out.printf(Locale.ROOT, "%d rows (%d BRIGHT windows x %d models), mean prompt %,d chars, answer %,d chars%n", rows,
          requests.size(), COPIES, promptChars / requests.size(), answer.length());
      System.out.printf(Locale.ROOT, "first layout (prompt + messages as plain text): %.1f MB per 1,000 windows%n", old * 1000.0 / rows / 1e6);
      System.out.printf(Locale.ROOT, "current layout (request once, deflated):       %.1f MB per 1,000 windows (%.2fx smaller)%n",
          cur * 1000.0 / rows / 1e6, (double) old / cur);
      System.out.printf(Locale.ROOT, "stores, current layout: %.0f rows/s (one commit each, warm JVM after class loading)%n",
          rows / putSeconds);
      System.out.printf(Locale.ROOT, "a BRIGHT pass (1,384 queries x 9 windows = 12,456 calls): first layout %.2f GB, current %.2f GB%n",
          old / (double) rows * 12_456 / 1e9, cur / (double) rows * 12_456 / 1e9);
      // a hit reads the row back: the replay and the check against the asked key (a sha256 lookup cannot tell a
      // collision or a canonicalisation bug from a match); a read-only open reads either layout as it is
      for (int round = 0; round < 3; round++) { // the first round warms the JIT
        hits(first, "first layout  ", requests, round > 0);
        hits(current, "current layout", requests, round > 0);
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  private static void hits(Path file, String label, List<LlmRequest> requests, boolean print) {
    try (CompletionCache cache = CompletionCache.openReadOnly(file)) {
      long h0 = System.nanoTime();
      for (LlmRequest req : requests) {
        if (cache.get(CacheKey.of("bench-model-0", "openai-completions http://localhost:8000/v1", req)).isEmpty()) {
          throw new IllegalStateException("expected a hit");
        }
      }
      double s = (System.nanoTime() - h0) / 1e9;
      if (print) {
        System.out.printf(Locale.ROOT, "hits, %s, one thread: %.0f/s (%.2f ms each, warm JVM)%n", label, requests.size() / s,
            s * 1000 / requests.size());
      }
    }
  }

  private static void checkpoint(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  /** The same rows in the first release's layout, written as it wrote them. */
  private static void writeFirstLayout(Path file, List<LlmRequest> requests, Completion completion) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      FirstCacheLayout.create(s);
      c.setAutoCommit(false);
      try (PreparedStatement ps = FirstCacheLayout.prepareInsert(c)) {
        for (int copy = 0; copy < COPIES; copy++) {
          for (LlmRequest req : requests) {
            CacheKey key = CacheKey.of("bench-model-" + copy, "openai-completions http://localhost:8000/v1", req);
            FirstCacheLayout.insert(ps, key, completion.text(), completion.promptTokens(), completion.completionTokens(),
                completion.finishReason(), 60_000, 0);
          }
        }
      }
      c.commit();
    }
  }
}
