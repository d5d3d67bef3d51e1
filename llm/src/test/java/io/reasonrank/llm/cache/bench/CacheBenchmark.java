package io.reasonrank.llm.cache.bench;

import io.reasonrank.llm.ChatMessage;
import io.reasonrank.llm.Completion;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.llm.cache.CachingBackend;
import io.reasonrank.llm.cache.CompletionCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the completion cache (docs/reference-behaviour.md §13.9): misses stored per second (every answer committed
 * before it is returned) and hits per second from 1, 4 and 16 threads, for BRIGHT-sized requests: a
 * 30,000-character window prompt (20 passages of up to 512 tokens) sent both as prompt and as chat
 * messages, and a 3,000-character reasoning answer. The model behind the cache answers at once, so
 * the numbers are the cache's own cost. Not a test: run it by hand.
 *
 * <p>Run: {@code mvn -q -o -pl llm -am test-compile}, then java with
 * {@code llm/target/classes:llm/target/test-classes} and the module's test classpath
 * ({@code mvn -q -o -pl llm dependency:build-classpath -Dmdep.outputFile=/dev/stdout}).
 */
public final class CacheBenchmark {
  private static final int ENTRIES = 2_000;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("cache-bench");
    Path file = dir.resolve("completions.db");
    SplittableRandom random = new SplittableRandom(7);
    List<LlmRequest> requests = new ArrayList<>(ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
      String prompt = "window " + i + " " + text(random, 30_000);
      requests.add(new LlmRequest(List.of(ChatMessage.system("You are RankLLM"), ChatMessage.user(prompt)), prompt,
          SamplingParams.greedy(3172)));
    }
    String answer = text(random, 3_000);
    LlmBackend instant = new LlmBackend() {
      @Override
      public Completion complete(LlmRequest request) {
        return new Completion(answer, 7_500, 750, "stop");
      }

      @Override
      public String model() {
        return "bench-model";
      }
    };
    System.out.printf(Locale.ROOT, "%d cores, %d entries of %d prompt chars%n",
        Runtime.getRuntime().availableProcessors(), ENTRIES, requests.getFirst().prompt().length());
    try (CompletionCache cache = CompletionCache.open(file)) {
      CachingBackend backend = new CachingBackend(instant, cache, "bench");
      long t0 = System.nanoTime();
      for (LlmRequest r : requests) backend.complete(r);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "misses (store + commit), 1 thread: %.0f calls/s%n", ENTRIES / s);
      for (int threads : new int[] {1, 4, 16}) hits(backend, requests, threads, 1); // warm-up
      for (int threads : new int[] {1, 4, 16}) {
        double rate = hits(backend, requests, threads, 3);
        System.out.printf(Locale.ROOT, "hits, %d threads: %.0f calls/s%n", threads, rate);
      }
      System.out.println(backend.stats());
      System.out.printf(Locale.ROOT, "file size %.1f MB%n", Files.size(file) / 1e6);
    } finally {
      try (var files = Files.list(dir)) { // the database and its WAL files
        for (Path p : files.toList()) Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    }
  }

  private static double hits(CachingBackend backend, List<LlmRequest> requests, int threads, int rounds) throws Exception {
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        futures.add(pool.submit(() -> {
          for (int round = 0; round < rounds; round++) {
            for (int i = offset; i < requests.size(); i += threads) {
              if (!backend.complete(requests.get(i)).cached()) throw new IllegalStateException("expected a hit");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
    }
    return rounds * requests.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static String text(SplittableRandom random, int chars) {
    StringBuilder sb = new StringBuilder(chars);
    while (sb.length() < chars) {
      int word = 2 + random.nextInt(9);
      for (int i = 0; i < word; i++) sb.append((char) ('a' + random.nextInt(26)));
      sb.append(' ');
    }
    return sb.substring(0, chars);
  }
}
